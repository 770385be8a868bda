/**
 * Number ranges set aside for fiction and examples: a seller who declares one gave no real number.
 * E.164 prefixes; every number that starts with one is fictitious.
 *
 * Sources: NANPA (555-0100…555-0199 in every area code, "fictitious use"); Ofcom, "Telephone numbers for use
 * in TV and radio drama" (2024).
 */
export const UK_DRAMA_PREFIXES: readonly string[] = [
  '+447700900', // 07700 900000–900999 mobile
  '+442079460', // 020 7946 0000–0999 London
  '+441214960', // 0121 496 0xxx Birmingham
  '+441174960', // 0117 496 0xxx Bristol
  '+442920180', // 029 2018 0xxx Cardiff
  '+441314960', // 0131 496 0xxx Edinburgh
  '+441414960', // 0141 496 0xxx Glasgow
  '+441134960', // 0113 496 0xxx Leeds
  '+441164960', // 0116 496 0xxx Leicester
  '+441514960', // 0151 496 0xxx Liverpool
  '+441614960', // 0161 496 0xxx Manchester
  '+441154960', // 0115 496 0xxx Nottingham
  '+441184960', // 0118 496 0xxx Reading
  '+441144960', // 0114 496 0xxx Sheffield
  '+442890180', // 028 9018 0xxx Belfast
  '+441914980', // 0191 498 0xxx Tyneside
  '+441632960', // 01632 960xxx no area
  '+448081570', // 08081 570xxx freephone
  '+449098790', // 0909 879 0xxx premium rate
  '+443069990', // 03069 990xxx UK-wide
]

const NANP_FICTIONAL_EXCHANGE = '55501' // NXX 555, line 0100–0199

/** True when an E.164 number lies in a range reserved for fiction (US 555-01xx, Ofcom drama ranges). */
export function isFictitiousPhone(e164: string): boolean {
  if (e164.startsWith('+1') && e164.length === 12) return e164.slice(5, 10) === NANP_FICTIONAL_EXCHANGE
  if (e164.startsWith('+44')) {
    for (const prefix of UK_DRAMA_PREFIXES) if (e164.startsWith(prefix)) return true
  }
  return false
}
