/** One product category with product nouns in English, German, Japanese and Chinese, and a USD price band. */
export interface Category {
  readonly name: string
  readonly en: readonly string[]
  readonly de: readonly string[]
  readonly ja: readonly string[]
  readonly zh: readonly string[]
  readonly price: readonly [number, number]
}

function words(text: string): string[] {
  return text.split('|')
}

/** The catalogue the simulated sellers list from. */
export const CATEGORIES: readonly Category[] = [
  {
    name: 'Electronics',
    en: words(
      'Wireless Earbuds|Bluetooth Speaker|USB-C Charger 65W|Phone Case|Power Bank 20000mAh|HDMI Cable 4K|Webcam 1080p|Gaming Mouse|Mechanical Keyboard|Smart Watch Band',
    ),
    de: words(
      'Kabellose Kopfhörer|Bluetooth Lautsprecher|USB-C Ladegerät 65W|Handyhülle|Powerbank 20000mAh|HDMI Kabel 4K|Webcam 1080p|Gaming Maus|Mechanische Tastatur',
    ),
    ja: words(
      'ワイヤレスイヤホン|Bluetoothスピーカー|USB-C 充電器 65W|スマホケース|モバイルバッテリー 20000mAh|HDMIケーブル 4K|ウェブカメラ|ゲーミングマウス|メカニカルキーボード',
    ),
    zh: words('无线蓝牙耳机|蓝牙音箱|65W快充充电器|手机壳|20000毫安充电宝|4K高清HDMI线|高清摄像头|电竞鼠标|机械键盘'),
    price: [8, 90],
  },
  {
    name: 'Home & Kitchen',
    en: words(
      'Kitchen Knife Set|Silicone Baking Mat|Coffee Grinder|Storage Baskets|LED Desk Lamp|Shower Curtain|Bamboo Cutting Board|Air Fryer Liners|Vacuum Storage Bags',
    ),
    de: words(
      'Messerset|Silikon Backmatte|Kaffeemühle|Aufbewahrungskörbe|LED Schreibtischlampe|Duschvorhang|Schneidebrett aus Bambus|Vakuumbeutel',
    ),
    ja: words(
      '包丁セット|シリコン製ベーキングマット|コーヒーミル|収納ボックス|LEDデスクライト|シャワーカーテン|竹製まな板|圧縮袋',
    ),
    zh: words('厨房刀具套装|硅胶烘焙垫|咖啡研磨机|收纳筐|LED台灯|浴帘|竹制砧板|真空压缩袋'),
    price: [6, 70],
  },
  {
    name: 'Fashion',
    en: words(
      'Crossbody Bag|Running Shoes|Polarized Sunglasses|Winter Beanie|Leather Belt|High Waist Yoga Pants|Cotton T-Shirt|Rain Jacket',
    ),
    de: words(
      'Umhängetasche|Laufschuhe|Polarisierte Sonnenbrille|Wintermütze|Ledergürtel|Yogahose|Baumwoll T-Shirt|Regenjacke',
    ),
    ja: words(
      'ショルダーバッグ|ランニングシューズ|偏光サングラス|ニット帽|レザーベルト|ヨガパンツ|コットンTシャツ|レインジャケット',
    ),
    zh: words('斜挎包|跑步鞋|偏光太阳镜|针织帽|真皮腰带|高腰瑜伽裤|纯棉T恤|防雨夹克'),
    price: [9, 120],
  },
  {
    name: 'Toys & Games',
    en: words(
      'Building Blocks Set|Remote Control Car|Plush Toy|Jigsaw Puzzle 1000 Pieces|Magnetic Tiles|Kids Drawing Tablet',
    ),
    de: words(
      'Bausteine Set|Ferngesteuertes Auto|Plüschtier|Puzzle 1000 Teile|Magnetische Bausteine|Maltafel für Kinder',
    ),
    ja: words('ブロックセット|ラジコンカー|ぬいぐるみ|ジグソーパズル 1000ピース|マグネットブロック|お絵かきボード'),
    zh: words('积木套装|遥控汽车|毛绒玩具|1000片拼图|磁力片|儿童画板'),
    price: [7, 80],
  },
  {
    name: 'Beauty',
    en: words(
      'Hair Dryer Brush|Makeup Brush Set|Facial Cleansing Brush|Gel Nail Polish Set|Hair Straightener|Electric Toothbrush Heads',
    ),
    de: words('Föhnbürste|Make-up Pinsel Set|Gesichtsreinigungsbürste|Gel Nagellack Set|Glätteisen|Aufsteckbürsten'),
    ja: words('ヘアドライヤーブラシ|メイクブラシセット|洗顔ブラシ|ジェルネイルセット|ヘアアイロン|替えブラシ'),
    zh: words('吹风梳|化妆刷套装|洁面仪|甲油胶套装|直发夹板|电动牙刷刷头'),
    price: [5, 60],
  },
  {
    name: 'Sports & Outdoors',
    en: words(
      'Resistance Bands Set|Yoga Mat|Insulated Water Bottle|Camping Lantern|Cycling Gloves|Jump Rope|Hiking Backpack 40L',
    ),
    de: words(
      'Widerstandsbänder Set|Yogamatte|Thermo Trinkflasche|Campinglaterne|Fahrradhandschuhe|Springseil|Wanderrucksack 40L',
    ),
    ja: words('トレーニングチューブ|ヨガマット|真空断熱ボトル|LEDランタン|サイクルグローブ|縄跳び|登山リュック 40L'),
    zh: words('弹力带套装|瑜伽垫|保温水杯|露营灯|骑行手套|跳绳|40L登山包'),
    price: [6, 75],
  },
  {
    name: 'Pet Supplies',
    en: words('Dog Harness|Cat Scratching Post|Pet Hair Remover|Automatic Pet Feeder|Dog Chew Toys|Cat Litter Mat'),
    de: words('Hundegeschirr|Kratzbaum|Tierhaarentferner|Futterautomat|Kauspielzeug für Hunde|Katzenstreu Matte'),
    ja: words('犬用ハーネス|猫用爪とぎ|ペット用毛取り|自動給餌器|犬用おもちゃ|猫砂マット'),
    zh: words('狗狗胸背带|猫抓板|宠物除毛器|自动喂食器|狗狗磨牙玩具|猫砂垫'),
    price: [6, 90],
  },
  {
    name: 'Automotive',
    en: words('Car Phone Mount|Portable Tire Inflator|Dash Cam|Car Seat Covers|Car Vacuum Cleaner|LED Headlight Bulbs'),
    de: words(
      'Handyhalterung Auto|Tragbarer Reifenfüller|Dashcam|Autositzbezüge|Auto Staubsauger|LED Scheinwerferlampen',
    ),
    ja: words('車載スマホホルダー|電動空気入れ|ドライブレコーダー|シートカバー|車用掃除機|LEDヘッドライト'),
    zh: words('车载手机支架|便携充气泵|行车记录仪|汽车座套|车载吸尘器|LED大灯灯泡'),
    price: [9, 110],
  },
]

/** Title words that vary between listings of the same product. */
export const MODIFIERS: Readonly<Record<'en' | 'de' | 'ja' | 'zh', readonly string[]>> = {
  en: words(
    '2 Pack|3 Pack|Upgraded|2024 New|Waterproof|Portable|Large|Black|White|Pink|for Women|for Men|with Storage Bag|Gift',
  ),
  de: words(
    '2er Pack|3 Stück|Upgrade|Neu 2024|Wasserdicht|Tragbar|Groß|Schwarz|Weiß|Rosa|für Damen|für Herren|Geschenk',
  ),
  ja: words(
    '2個セット|3枚入り|改良版|2024新型|防水|携帯用|大容量|ブラック|ホワイト|ピンク|レディース|メンズ|プレゼント',
  ),
  zh: words('2只装|3件套|升级款|2024新款|防水|便携|大号|黑色|白色|粉色|女款|男款|礼物'),
}

/** Brands that many honest resellers list (same stock photos, same titles). */
export const KNOWN_BRANDS = [
  'Anker',
  'Apple',
  'Samsung',
  'LEGO',
  'Nike',
  'Philips',
  'Bosch',
  'Sony',
  'Logitech',
  'Braun',
  'Stanley',
  'KONG',
]
