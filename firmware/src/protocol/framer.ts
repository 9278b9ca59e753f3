/**
 * Byte framer shared by the three families (STYLE.md §2, bms-protocols.md §6.1).
 *
 * Bytes arrive in any chunking. They are appended to one bounded Uint8Array; a family-specific `check`
 * function looks at the bytes from the current start and says: a whole verified frame of n bytes (n > 0),
 * "need more bytes" (0), or why the start cannot begin a frame (a negative reason). On a rejection the
 * framer drops exactly one byte and rescans, so a frame hidden behind noise or behind a false start byte
 * is still found. After an inter-byte gap the pending bytes are stale: they are rescanned one byte at a
 * time (whole frames inside are still emitted), then discarded, so a bogus length field can never hold
 * the buffer hostage. No allocation per byte: frames are handed out as views into the buffer, valid
 * only during the callback.
 */

/** check() results below zero: why the byte at the start was dropped. */
export const REJ_NOISE = -1;
export const REJ_LEN = -2;
export const REJ_END = -3;
export const REJ_SUM = -4;

/**
 * Returns >0: a complete, verified frame of that many bytes starts at b[s]; 0: need more bytes;
 * <0: REJ_* (drop b[s]). n = bytes available from s. Must never read beyond b[s + n - 1].
 */
export type FrameCheck = (b: Uint8Array, s: number, n: number) => number;

/** Counters: frames emitted, bytes dropped in total, and drop events by reason. */
export interface FramerStats {
  /** Whole verified frames emitted. */
  frames: number;
  /** Bytes dropped for any reason (total). */
  dropped: number;
  /** Bytes dropped because they could not start a frame. */
  noise: number;
  /** Frame starts rejected for an impossible header or length. */
  len: number;
  /** Frame starts rejected for a wrong end marker. */
  end: number;
  /** Frame starts rejected for a checksum mismatch. */
  sum: number;
  /** Frame starts dropped as stale after an inter-byte gap (bytes behind them are rescanned). */
  gap: number;
}

export class Framer {
  buf: Uint8Array;
  s: number;
  e: number;
  lastMs: number;
  gapMs: number;
  check: FrameCheck;
  /** First byte of every frame: bytes before it are skipped in a tight loop, without calling check. */
  start: number;
  st: FramerStats;
  /** Set while frames are being handed out; bytes pushed from inside a callback wait in `later`. */
  busy: boolean;
  later: Uint8Array[] | null;

  /** cap must be at least the family's largest acceptable frame; startByte begins every frame. */
  constructor(cap: number, gapMs: number, check: FrameCheck, startByte: number) {
    this.buf = new Uint8Array(cap);
    this.s = 0;
    this.e = 0;
    this.lastMs = 0;
    this.gapMs = gapMs;
    this.check = check;
    this.start = startByte;
    this.st = { frames: 0, dropped: 0, noise: 0, len: 0, end: 0, sum: 0, gap: 0 };
    this.busy = false;
    this.later = null;
  }

  /** Bytes held, waiting for the rest of a frame. */
  pending(): number {
    return this.e - this.s;
  }

  /** Forget pending bytes without counting them (e.g. after a baud change). */
  reset(): void {
    this.s = 0;
    this.e = 0;
  }

  /** Feeds bytes received at nowMs; calls onFrame(view) for every whole verified frame, in order. */
  push(bytes: Uint8Array, nowMs: number, onFrame: (f: Uint8Array) => void): void {
    if (this.busy) {
      // Re-entered from onFrame (e.g. a loopback echo of the request it sent): keep a copy for later,
      // so the frame view being handed out is not moved under the caller.
      if (this.later === null) this.later = [];
      this.later.push(new Uint8Array(bytes));
      return;
    }
    this.busy = true;
    if (this.s === this.e && bytes.length > 0 && bytes[0] === this.start && this.check(bytes, 0, bytes.length) === bytes.length) {
      // Nothing held and the bytes are one whole frame (an answer read when it was due, most of them): handed out as
      // they are, without the copy into the buffer and the scan: most of what framing cost (~110 -> ~25 LIE).
      this.lastMs = nowMs;
      this.st.frames++;
      onFrame(bytes);
    } else {
      this.append(bytes, nowMs, onFrame);
    }
    while (this.later !== null) {
      const q = this.later;
      this.later = null;
      for (let j = 0; j < q.length; j++) this.append(q[j], nowMs, onFrame);
    }
    this.busy = false;
  }

  append(bytes: Uint8Array, nowMs: number, onFrame: (f: Uint8Array) => void): void {
    this.expire(nowMs, onFrame);
    this.lastMs = nowMs;
    const cap = this.buf.length;
    let i = 0;
    while (i < bytes.length) {
      if (this.e === cap) this.compact();
      if (this.e === cap) {
        // Cannot happen when cap >= the largest frame check() accepts; kept as a hard bound.
        this.drop(REJ_LEN);
        continue;
      }
      let k = bytes.length - i;
      if (k > cap - this.e) k = cap - this.e;
      this.buf.set(bytes.subarray(i, i + k), this.e);
      this.e += k;
      i += k;
      this.scan(onFrame);
    }
  }

  /**
   * Handles the inter-byte gap: when pending bytes are older than gapMs they can no longer be completed;
   * rescan them one byte at a time (emitting any whole frame inside), then drop the rest.
   */
  expire(nowMs: number, onFrame: (f: Uint8Array) => void): void {
    if (this.e === this.s || nowMs - this.lastMs < this.gapMs) return;
    while (this.e > this.s) {
      this.s++;
      this.st.dropped++;
      this.st.gap++;
      this.scan(onFrame);
    }
    this.s = 0;
    this.e = 0;
  }

  /** ms until pending bytes go stale, or -1 when nothing is pending. */
  msToExpiry(nowMs: number): number {
    if (this.e === this.s) return -1;
    const t = this.lastMs + this.gapMs - nowMs;
    return t > 0 ? t : 0;
  }

  compact(): void {
    const b = this.buf;
    const n = this.e - this.s;
    for (let j = 0; j < n; j++) b[j] = b[this.s + j];
    this.s = 0;
    this.e = n;
  }

  drop(reason: number): void {
    this.s++;
    this.st.dropped++;
    if (reason === REJ_NOISE) this.st.noise++;
    else if (reason === REJ_LEN) this.st.len++;
    else if (reason === REJ_END) this.st.end++;
    else this.st.sum++;
  }

  scan(onFrame: (f: Uint8Array) => void): void {
    const b = this.buf;
    while (this.e > this.s) {
      if (b[this.s] !== this.start) {
        this.s++;
        this.st.dropped++;
        this.st.noise++;
        continue;
      }
      const r = this.check(this.buf, this.s, this.e - this.s);
      if (r > 0) {
        const f = this.buf.subarray(this.s, this.s + r);
        this.s += r;
        this.st.frames++;
        onFrame(f);
      } else if (r === 0) {
        break;
      } else {
        this.drop(r);
      }
    }
    if (this.s === this.e) {
      this.s = 0;
      this.e = 0;
    }
  }
}
