/**
 * An append-only log of encoded span texts, stored as UTF-8 in a list of byte chunks. Each fragment is
 * stored with a trailing comma, so that the log is a ready-made slice of a JSON array and any prefix can
 * be dropped from the front (to bound memory) without re-encoding anything.
 *
 * New chunks are sized at an eighth of what the log already holds (within bounds), so unused chunk space
 * costs at most ~12.5% over the JSON bytes while a large session needs few chunks.
 */

const MIN_CHUNK_BYTES = 4 * 1024;
const MAX_CHUNK_BYTES = 1024 * 1024;
const COMMA = 0x2c;

export class FragmentLog {
  private readonly chunks: Buffer[] = [];
  /** Bytes used in each chunk; a chunk is sealed once the next one starts. */
  private readonly used: number[] = [];
  /** Logical offset of the first byte of `chunks[0]`; logical offsets count used bytes only. */
  private chunksBase = 0;
  /** Logical offset where each fragment begins, from index `head` on. */
  private readonly starts: number[] = [];
  /** Insertion sequence number of each fragment, to drop the oldest across several logs. */
  private readonly seqs: number[] = [];
  private head = 0;
  private end = 0;

  get count(): number {
    return this.starts.length - this.head;
  }

  get byteLength(): number {
    return this.count === 0 ? 0 : this.end - this.starts[this.head]!;
  }

  /** Sequence number of the oldest fragment, or Infinity when empty. */
  get oldestSeq(): number {
    return this.count === 0 ? Infinity : this.seqs[this.head]!;
  }

  append(text: string, seq: number): void {
    let last = this.chunks.length - 1;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: with that much room the text fits unmeasured, and
    // the write itself tells its length. Measuring first would read the whole text once more.
    if (last < 0 || this.chunks[last]!.length - this.used[last]! < text.length * 3 + 1) {
      const needed = Buffer.byteLength(text) + 1;
      if (last < 0 || this.chunks[last]!.length - this.used[last]! < needed) {
        this.chunks.push(Buffer.allocUnsafe(this.nextChunkSize(needed)));
        this.used.push(0);
        last++;
      }
    }
    const chunk = this.chunks[last]!;
    const at = this.used[last]!;
    const bytes = chunk.write(text, at) + 1;
    chunk[at + bytes - 1] = COMMA;
    this.used[last] = at + bytes;
    this.starts.push(this.end);
    this.seqs.push(seq);
    this.end += bytes;
  }

  /** Drops the oldest fragment; returns false when the log is empty. */
  dropOldest(): boolean {
    if (this.count === 0) return false;
    this.head++;
    if (this.count === 0) {
      this.clear();
      return true;
    }
    this.releaseChunksBefore(this.starts[this.head]!);
    if (this.head > 1024 && this.head * 2 > this.starts.length) {
      this.starts.splice(0, this.head);
      this.seqs.splice(0, this.head);
      this.head = 0;
    }
    return true;
  }

  /**
   * Views of the stored bytes in order, ending with the comma after the last fragment. The views stay
   * valid after later appends, which only write past the bytes viewed.
   */
  views(): Buffer[] {
    return this.count === 0 ? [] : this.viewsBetween(this.starts[this.head]!, this.end);
  }

  /** The views of {@link views}, cut before the first fragment numbered `seq` or later. */
  viewsAround(seq: number): { before: Buffer[]; after: Buffer[] } {
    if (this.count === 0) return { before: [], after: [] };
    const from = this.starts[this.head]!;
    const cut = this.firstIndexFrom(seq);
    const at = cut < this.starts.length ? this.starts[cut]! : this.end;
    return { before: this.viewsBetween(from, at), after: this.viewsBetween(at, this.end) };
  }

  private viewsBetween(from: number, to: number): Buffer[] {
    const out: Buffer[] = [];
    let base = this.chunksBase;
    for (let i = 0; i < this.chunks.length && base < to; i++) {
      const used = this.used[i]!;
      const start = Math.max(from, base);
      const end = Math.min(to, base + used);
      if (end > start) out.push(this.chunks[i]!.subarray(start - base, end - base));
      base += used;
    }
    return out;
  }

  /** Index of the first held fragment numbered `seq` or later (numbers rise with the index). */
  private firstIndexFrom(seq: number): number {
    let low = this.head;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.seqs[middle]! < seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  clear(): void {
    this.chunks.length = 0;
    this.used.length = 0;
    this.starts.length = 0;
    this.seqs.length = 0;
    this.head = 0;
    this.chunksBase = this.end;
  }

  private nextChunkSize(minBytes: number): number {
    return Math.max(minBytes, Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, this.byteLength >>> 3)));
  }

  private releaseChunksBefore(offset: number): void {
    while (this.chunks.length > 1 && this.chunksBase + this.used[0]! <= offset) {
      this.chunksBase += this.used.shift()!;
      this.chunks.shift();
    }
  }
}
