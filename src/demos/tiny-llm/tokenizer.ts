/**
 * The tiny LLM's tokenizer: one token per character.
 *
 * The vocabulary is every distinct character of the training text, sorted by
 * code point, so the same text always gives the same token ids (the model's
 * embedding rows and output columns are indexed by them). Real LLMs use
 * sub-word tokens (BPE) with vocabularies of 50,000+; characters keep the
 * vocabulary tiny (about 70 here) and every step of the pipeline visible.
 */

export interface Encoded {
  readonly ids: Int32Array;
  /** Characters of the input that are not in the vocabulary (left out of `ids`), each listed once. */
  readonly unknown: readonly string[];
}

export class CharTokenizer {
  /** Token id → character. */
  readonly chars: readonly string[];
  private readonly idOf: ReadonlyMap<string, number>;

  constructor(chars: readonly string[]) {
    const unique = new Set(chars);
    if (unique.size !== chars.length) throw new Error(`CharTokenizer: the vocabulary repeats a character (${chars.length} entries, ${unique.size} distinct)`);
    if (chars.length === 0) throw new Error('CharTokenizer: the vocabulary is empty (build it from a non-empty text)');
    for (const c of chars) {
      if ([...c].length !== 1) throw new Error(`CharTokenizer: vocabulary entry ${JSON.stringify(c)} is not a single character`);
    }
    this.chars = [...chars];
    this.idOf = new Map(this.chars.map((c, i) => [c, i]));
  }

  /** The vocabulary of `text`: its distinct characters, sorted by code point. */
  static fromText(text: string): CharTokenizer {
    const distinct = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharTokenizer(distinct);
  }

  get vocabSize(): number {
    return this.chars.length;
  }

  /** Token ids of `text`; characters outside the vocabulary are dropped and reported. */
  encode(text: string): Encoded {
    const ids: number[] = [];
    const unknown = new Set<string>();
    for (const c of text) {
      const id = this.idOf.get(c);
      if (id === undefined) unknown.add(c);
      else ids.push(id);
    }
    return { ids: Int32Array.from(ids), unknown: [...unknown] };
  }

  /** Token ids of `text`, which must use only vocabulary characters (the training text itself). */
  encodeStrict(text: string): Int32Array {
    const { ids, unknown } = this.encode(text);
    if (unknown.length > 0) {
      throw new Error(`CharTokenizer.encodeStrict: ${unknown.length} character(s) are not in the vocabulary: ${JSON.stringify(unknown.join(''))}`);
    }
    return ids;
  }

  decode(ids: ArrayLike<number>): string {
    let text = '';
    for (let i = 0; i < ids.length; i++) {
      const c = this.chars[ids[i]!];
      if (c === undefined) throw new Error(`CharTokenizer.decode: token id ${ids[i]} at position ${i} is outside the vocabulary (0..${this.vocabSize - 1})`);
      text += c;
    }
    return text;
  }
}
