/** One bar of a chart. */
export interface Bar {
  readonly label: string
  readonly value: number
  /** A class for the bar's colour: status-active, tone-warn, … */
  readonly tone?: string
}
