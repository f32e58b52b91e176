/** A text change in one file: characters [start, end) become `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Something in an app's code that must change for the Identity Engine. */
export interface Finding {
  /** The file, relative to the scanned path. */
  file: string;
  line: number;
  column: number;
  /** Stable name of the rule that found it, e.g. widget.useClassicEngine */
  rule: string;
  /** What was found. */
  what: string;
  why: string;
  /** What to write instead. */
  instead: string;
  /** The safe rewrite `--fix` applies; absent when a person must decide. */
  fix?: Edit[];
}
