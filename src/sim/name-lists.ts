import { fakerDE, fakerEN_GB, fakerEN_US } from '@faker-js/faker'

/** A name in its own script with its usual Latin spelling (pinyin, Hepburn romaji, or the same text). */
export interface ScriptName {
  readonly native: string
  readonly latin: string
}

/** Name lists of one country: given names by sex, family names. */
export interface NameList {
  readonly female: readonly ScriptName[]
  readonly male: readonly ScriptName[]
  readonly family: readonly ScriptName[]
}

function same(names: readonly string[]): ScriptName[] {
  return names.map((n) => ({ native: n, latin: n }))
}

function pairs(text: string): ScriptName[] {
  return text
    .trim()
    .split(/\s+/)
    .map((p) => {
      const [native = '', latin = ''] = p.split(':')
      return { native, latin }
    })
}

type FirstNames = { female?: readonly string[]; male?: readonly string[] }
// Faker's definitions are read once here; its per-call API is far too slow for millions of names.
function fakerNames(defs: typeof fakerDE.rawDefinitions): NameList {
  const first = (defs.person?.first_name ?? {}) as FirstNames
  const last = (defs.person?.last_name ?? {}) as { generic?: readonly string[] }
  return { female: same(first.female ?? []), male: same(first.male ?? []), family: same(last.generic ?? []) }
}

const CN_FAMILY = pairs(`王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu 周:Zhou 徐:Xu 孙:Sun
  马:Ma 朱:Zhu 胡:Hu 郭:Guo 何:He 高:Gao 林:Lin 罗:Luo 郑:Zheng 梁:Liang 谢:Xie 宋:Song 唐:Tang 许:Xu 韩:Han 冯:Feng
  邓:Deng 曹:Cao 彭:Peng 曾:Zeng 肖:Xiao 田:Tian 董:Dong 袁:Yuan 潘:Pan 于:Yu 蒋:Jiang 蔡:Cai 余:Yu 杜:Du 叶:Ye 程:Cheng
  苏:Su 魏:Wei 吕:Lyu 丁:Ding 任:Ren 沈:Shen 姚:Yao 卢:Lu 姜:Jiang 崔:Cui 钟:Zhong 谭:Tan 陆:Lu 汪:Wang 范:Fan 金:Jin`)
const CN_GIVEN_F = pairs(`芳:fang 娜:na 敏:min 静:jing 丽:li 艳:yan 娟:juan 秀:xiu 霞:xia 桂:gui 英:ying 红:hong 玉:yu
  欣:xin 怡:yi 婷:ting 雪:xue 梅:mei 佳:jia 涵:han 思:si 雨:yu 晓:xiao 春:chun 丹:dan 琳:lin 颖:ying 倩:qian 慧:hui 萍:ping`)
const CN_GIVEN_M = pairs(`伟:wei 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 杰:jie 涛:tao 明:ming 超:chao 平:ping 刚:gang
  华:hua 小:xiao 建:jian 国:guo 文:wen 辉:hui 鹏:peng 宇:yu 浩:hao 晨:chen 海:hai 波:bo 斌:bin 宁:ning 俊:jun 志:zhi
  博:bo 凯:kai 东:dong 林:lin 飞:fei 峰:feng 鑫:xin 龙:long`)
const JP_FAMILY =
  pairs(`佐藤:Sato 鈴木:Suzuki 高橋:Takahashi 田中:Tanaka 伊藤:Ito 渡辺:Watanabe 山本:Yamamoto 中村:Nakamura
  小林:Kobayashi 加藤:Kato 吉田:Yoshida 山田:Yamada 佐々木:Sasaki 山口:Yamaguchi 松本:Matsumoto 井上:Inoue 木村:Kimura
  林:Hayashi 斎藤:Saito 清水:Shimizu 山崎:Yamazaki 森:Mori 池田:Ikeda 橋本:Hashimoto 阿部:Abe 石川:Ishikawa 山下:Yamashita
  中島:Nakajima 石井:Ishii 小川:Ogawa 前田:Maeda 岡田:Okada 長谷川:Hasegawa 藤田:Fujita 後藤:Goto 近藤:Kondo 村上:Murakami
  遠藤:Endo 青木:Aoki 坂本:Sakamoto`)
const JP_GIVEN_M =
  pairs(`翔太:Shota 大輔:Daisuke 健太:Kenta 拓也:Takuya 浩:Hiroshi 誠:Makoto 直樹:Naoki 隆:Takashi 和也:Kazuya
  亮:Ryo 蓮:Ren 大翔:Hiroto 悠真:Yuma 一郎:Ichiro 健一:Kenichi 修:Osamu 達也:Tatsuya 翼:Tsubasa 学:Manabu 剛:Tsuyoshi`)
const JP_GIVEN_F = pairs(`陽子:Yoko 恵子:Keiko 美咲:Misaki 由美:Yumi 直美:Naomi さくら:Sakura 愛:Ai 結衣:Yui 陽菜:Hina
  明美:Akemi 真由美:Mayumi 優子:Yuko 久美子:Kumiko 彩:Aya 舞:Mai 葵:Aoi 美穂:Miho 智子:Tomoko 裕子:Yuko 香織:Kaori`)

/** Countries the simulator populates. */
export type Country = 'US' | 'CN' | 'DE' | 'GB' | 'JP'

/** The countries, in a fixed order. */
export const COUNTRIES: readonly Country[] = ['US', 'CN', 'DE', 'GB', 'JP']

/** Names per country: CN and JP given names are composed from the lists (see `composeGivenName`). */
export const NAMES: Readonly<Record<Country, NameList>> = {
  US: fakerNames(fakerEN_US.rawDefinitions),
  GB: fakerNames(fakerEN_GB.rawDefinitions),
  DE: fakerNames(fakerDE.rawDefinitions),
  CN: { female: CN_GIVEN_F, male: CN_GIVEN_M, family: CN_FAMILY },
  JP: { female: JP_GIVEN_F, male: JP_GIVEN_M, family: JP_FAMILY },
}

/** English nicknames and spelling variants people type for the same given name. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  John: ['Jon', 'Johnny', 'Jonathan'],
  Robert: ['Rob', 'Bob', 'Bobby'],
  William: ['Will', 'Bill', 'Billy'],
  Michael: ['Mike', 'Micheal'],
  Elizabeth: ['Liz', 'Beth', 'Elisabeth'],
  Katherine: ['Kate', 'Katie', 'Catherine'],
  Christopher: ['Chris', 'Kristopher'],
  Thomas: ['Tom', 'Tommy'],
  James: ['Jim', 'Jimmy', 'Jamie'],
  Alexander: ['Alex', 'Alexandr'],
  Stephen: ['Steven', 'Steve'],
  Daniel: ['Dan', 'Danny'],
  Jennifer: ['Jen', 'Jenny'],
  Margaret: ['Maggie', 'Meg'],
  Matthew: ['Matt', 'Mathew'],
  Nicholas: ['Nick', 'Nicolas'],
  Smith: ['Smyth', 'Smithe'],
  Johnson: ['Jonson', 'Johnsen'],
  Müller: ['Mueller', 'Muller', 'Möller'],
  Schmidt: ['Schmitt', 'Schmid'],
  Meyer: ['Meier', 'Maier', 'Mayer'],
}
