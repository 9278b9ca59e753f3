/**
 * The poller: one request in flight, paced by the wire and each family's minimum spacing (profiles.ts),
 * timeouts, back-off, link state, autodetect, and the JBD lock release on request. Pure: bytes and
 * nowMs in; requests out through PollerIo; Snapshot and LinkState out through PollerListener
 * (contract in firmware/src/ports.ts).
 *
 * Schedule (why: detection latency rides on the status cycle, bms-protocols.md §6.3):
 *   JBD   0x03 status every cycle; 0x04 cells after a status when a code just rose, when none were read
 *         yet, or every 10 s; the release write (0xE1 = 0) when asked and allowed.
 *   JK    read-all every cycle (status, cells and temperatures in one answer).
 *   Daly  0x98 status every cycle; after a status, one extra when one is due: 0x94 counts (first, then every
 *         60 s), 0x95 cells (on a rising code, first, every 5 s), else, at most every DALY_EXTRA_EVERY_MS,
 *         0x90 pack / 0x93 FETs / 0x96 temperatures in turn. Most cycles are the status alone.
 * The snapshot goes out the moment the status answer is in; the next request follows at once, after
 * max(answer end + gapMs, previous request start + period) (+ back-off), the period being the family's periodMs
 * or what the device's interpreter can afford (cpuPeriodMs, set by firmware/main.ts), whichever is longer.
 *
 * Back-off: each silent miss (no bytes in the answer window) doubles an added delay (50 ms … 1 s); each
 * good answer takes 10 ms off, so a BMS that drops requests at the tight rate settles at a spacing it
 * answers. A garbled answer (bytes came, no valid frame) is not a BMS asking for slack: the delay stays
 * as it is and the next request goes out at the normal pace. Once the expected answer time (the last
 * measured round trip of that request) has passed, the framer dropped bytes in this window, holds
 * nothing and the line has been quiet GARBAGE_QUIET_MS, the answer is over: it is a miss at once, not at
 * the timeout (docs/reliability.md "Why the noisy line fails", cause 2).
 * Noisy line: every byte the framer drops (noise, bad length, end or checksum, gap) and every valid frame
 * that does not decode marks the line noisy for NOISY_MS; snapshots carry `noisy` so the engine confirms
 * a new code on a second status before showing it (the sum checksums let some corrupted frames through,
 * cause 1). While noisy, a rising code asks for a status again at once (Daly skips its extra request,
 * JBD defers its cells read until the code is confirmed): the confirmation costs one status round trip.
 * Link: down after `missLimit` consecutive misses (garbled ones: and GARBAGE_DOWN_MS since the last good answer); reason "garbage" when bytes came but no valid
 * answer in the last request window (echoes excluded), "never" when no good answer ever came, else "silent".
 * Autodetect ("auto"): each family in turn at its baud (io.setBaud): one status request each (two when
 * bytes came back: a reply may have been cut by the baud switch), 200 ms per try in the first round;
 * locks on the first valid answer; after `redetectMs` without a good answer it detects again.
 */
import { Family, Snapshot } from "../types";
import { LinkState, PollerIo, PollerListener } from "../ports";
import { Framer } from "./framer";
import { Decoded } from "./decoded";
import { FAMILIES, makeFramer } from "./families";
import { FamilyProfile, profileOf } from "./profiles";
import { SnapshotBuilder, DALY_SIGN_AUTO } from "./snapshot";
import { statusCodes } from "./protect";
import {
  buildRequest,
  dalyCmdOf,
  WriteContext,
  REQ_KINDS,
  REQ_DALY_ALARMS,
  REQ_DALY_CELLS,
  REQ_DALY_CONFIG,
  REQ_DALY_PACK,
  REQ_DALY_STATE,
  REQ_DALY_TEMPS,
  REQ_JBD_CELLS,
  REQ_JBD_RELEASE,
  REQ_JBD_STATUS,
  REQ_JK_ALL,
} from "./allowlist";
import { DALY_ADDR_PC, DALY_CMD_CELLS, DALY_CMD_TEMPS } from "./daly";
import { JBD_REG_BASIC, JBD_REG_CELLS, JBD_REG_MOS, jbdCodeKey } from "./jbd";
import { JBD_MOS_LOCK_BIT } from "../../codes/jbd-bits";

/**
 * Build-time setting (esbuild `define`, tools/build.ts): a fixed status period in ms, as the anchors poll
 * (esphome JBD every 2 s, dbus-serialbattery ~1 s), for the benchmark's comparison builds only; 0, the firmware's
 * own pacing, in every build that is flashed. Read through typeof so the host's tests, which import this file
 * directly, see 0 too.
 */
declare const BMSBOX_STATUS_PERIOD_MS: number;
const STATUS_PERIOD_MS = typeof BMSBOX_STATUS_PERIOD_MS === "number" ? BMSBOX_STATUS_PERIOD_MS : 0;

export interface PollerOptions {
  /** Daly host address, 0x40 (default) or 0x80. */
  dalyAddress?: number;
  /** Daly current sign: 0 auto from the 0x93 state (default), 1 raw, −1 inverted. */
  dalyCurrentSign?: number;
  /** Consecutive misses before the link is reported down (default 3). */
  missLimit?: number;
  /**
   * A hash of a frame's bytes (on the device Espruino's native E.CRC32). With it the poller skips decoding an
   * answer that came again byte for byte (see SAME_MAX_MS); without it (the host's unit tests) every answer is
   * decoded.
   */
  hash?: (f: Uint8Array) => number;
  /** Auto mode: ms without a good answer before detecting again (default 30 000). */
  redetectMs?: number;
  /** Values from extra requests older than this are not put into a snapshot (default 20 000: twice the slowest regular re-read, JBD cells every 10 s). */
  holdMs?: number;
  /**
   * The host hands received bytes over only when the poller asks (step()), not as each chunk arrives (on the device
   * the UART driver gathers them, firmware/drivers/uart.ts). The poller then asks to run when the answer in flight
   * should be complete, by its last round trip, and again when the rest of a part answer should be in. Default false:
   * bytes come through onBytes() as they arrive.
   */
  reads?: boolean;
}

export interface PollerStats {
  sent: number;
  answers: number;
  timeouts: number;
  /** Our own requests seen on the line (RS485 echo), ignored. */
  echoes: number;
  /** Valid answers that matched no request in flight (late, or another command). */
  stray: number;
  /** Valid frames whose content could not be decoded. */
  undecoded: number;
}

export const BOOST_STEP_MS = 50;
export const BOOST_MAX_MS = 1000;
export const BOOST_DECAY_MS = 10;
/** After the last sign of corruption on the line, snapshots stay marked noisy this long. */
export const NOISY_MS = 60000;
/** A garbled answer is over when the line has been quiet this long (a reply's bytes come back to back). */
export const GARBAGE_QUIET_MS = 20;
/**
 * Garbled answers take the link down only after this long without a valid one (and missLimit misses). At
 * BER 1e-3 about a third of the simulated JBD replies arrive garbled and a garbled one whose noise holds a
 * start byte waits for the framer's gap (150 ms): five in a row already span 1 s, and the box then showed
 * NO DATA for 50 ms on a link that answers most polls. 3 s is 15+ polls, well under the engine's 10 s
 * staleness; a silent BMS is unaffected (still down after missLimit polls).
 */
export const GARBAGE_DOWN_MS = 3000;
/** A Daly multi-frame burst ends after this much silence (one frame is ~14 ms at 9600). */
export const BURST_QUIET_MS = 50;
/** Detection: requests per family before the next one (2 when bytes came back, else 1). */
export const DETECT_TRIES = 2;
/**
 * Detection: the first round waits this long per family (a BMS answers in tens of ms: JBD ~40 bytes
 * ≈ 42 ms, JK ~300 bytes ≈ 26 ms, Daly 13 bytes ≈ 14 ms, plus its turnaround), so any family is found
 * within about a second of power-up; later rounds use the full timeouts for slow units.
 */
export const DETECT_FIRST_TIMEOUT_MS = 200;
export const DALY_CONFIG_EVERY_MS = 60000;
/**
 * Daly: the pack / FETs / temperatures extras go out at most this often, one after a status. Detection rides on
 * the 0x98 status; an extra after every status doubled the cycle and, with the interpreter's time counted, the
 * CPU each cycle costs (issue 11); every other one (500 ms, with the interpreter's time counted) still halved how
 * often the status went. Each of the three is now read about every 3–4 s, well within holdMs.
 */
export const DALY_EXTRA_EVERY_MS = 1000;
/**
 * While an answer is due, tick() asks to be called again 1 ms after the answer is expected (the last
 * round trip of that request kind), then every WAIT_POLL_MS until the timeout. A caller that re-arms its
 * timer only from tick()'s result thus still sends the next request within a few ms of the spacing
 * (onBytes also returns the delay, for callers that re-arm after data).
 */
export const WAIT_POLL_MS = 50;
/**
 * A host that reads when asked (PollerOptions.reads): while bytes came but no answer (garbage, an echo, a part answer
 * of unknown length), it is read again this often until the timeout; the garbled-answer check needs GARBAGE_QUIET_MS
 * of quiet, so this is what it waits for either way. With nothing at all, WAIT_POLL_MS.
 */
export const READ_POLL_MS = GARBAGE_QUIET_MS;
/** The ESP32's RX task hands received bytes to the interpreter every 5 ms while the line is busy (espruino.md §4). */
export const RX_SLACK_MS = 5;
/** An answer later than its round trip is read again this often (two RX polls) until twice its round trip. */
export const LATE_READ_MS = 2 * RX_SLACK_MS;

/**
 * A steady BMS sends the same bytes again and again. An answer identical to the last one of its kind (same hash,
 * same request) is not decoded again: a status re-sends the snapshot it gave last time (with the new time), any
 * other answer only renews its values' age. Bounded: after this long the next answer is decoded in full anyway,
 * and a noisy line, detection, a recheck, a burst or any changed answer always take the full path.
 */
export const SAME_MAX_MS = 5000;

/**
 * A JBD pack in use: its status changes at every answer (voltage, current, remaining capacity move), so every answer was
 * decoded in full and handed to the engine, ~900 LIE a request against ~400 at rest; the poll rate follows what the
 * interpreter can afford (firmware/main.ts pace), so on a slow ESP32 a pack in use was polled every ~150 ms instead
 * of ~90, and a trip waited that much longer for its request. A status whose code-bearing bytes (the protection word
 * and the FET byte: jbdCodeKey) and length are as in the status last decoded is therefore treated as the same answer
 * (as SAME_MAX_MS) for this long after that decode: its values are then at most this old, its codes are current. The
 * screen shows values once a second. Temperatures are not in the key: an NTC fault inferred from them (protect.ts
 * ntcSuspect) comes at most this much later; the BMS's own temperature protections are bits, in the key.
 */
export const VALUES_MS = 500;

const DALY_ROTATION = [REQ_DALY_PACK, REQ_DALY_STATE, REQ_DALY_TEMPS];

export class Poller {
  want: Family | "auto";
  io: PollerIo;
  ls: PollerListener;
  dalyAddress: number;
  dalySign: number;
  missLimit: number;
  redetectMs: number;
  holdMs: number;
  fam: Family;
  prof: FamilyProfile;
  fr: Framer;
  sb: SnapshotBuilder;
  detecting: boolean;
  detIdx: number;
  detTries: number;
  detRound: number;
  started: boolean;
  now: number;
  kind: number;
  sentMs: number;
  /** Length of the request in flight (for the earliest possible answer time). */
  sentLen: number;
  nextMs: number;
  burstN: number;
  burstMs: number;
  afterStatus: boolean;
  misses: number;
  boost: number;
  /**
   * Shortest request-to-request period the host asks for, ms: on the device, what keeps polling within LIE_PER_S
   * (firmware/main.ts pace: twice the interpreter time one poll cycle costs on the slowest ESP32, at most half
   * of the CPU), so the LED, buzzer, button and watchdog never wait behind a queue of answers. 0 in the simulator,
   * where JavaScript takes no time.
   */
  cpuPeriodMs: number;
  winBytes: number;
  /** Framer drops counted so far (to see new ones) / at the request in flight (garbage in its window). */
  dropSeen: number;
  dropAtSend: number;
  /** Snapshots are marked noisy until then (−1: the line has shown no corruption). */
  noisyUntilMs: number;
  /** Codes of the last two statuses; a status wanted next (a noisy rise to confirm). */
  prev2Codes: number;
  recheck: boolean;
  lastGoodMs: number | null;
  detectSinceMs: number;
  link: LinkState;
  prevCodes: number;
  cellsDue: boolean;
  /** When cells were last requested (null: never). */
  lastCellsMs: number | null;
  /** When the last request other than a status left (Daly's extras, DALY_EXTRA_EVERY_MS). */
  extraMs: number;
  cfgTriedMs: number | null;
  rot: number;
  relPending: boolean;
  /** When the last status request left (used only with STATUS_PERIOD_MS). */
  statusSentMs: number;
  jbdStatus: number | null;
  st: PollerStats;
  /** Last measured round trip (request sent → answer complete) per request kind, ms. */
  rtt: Uint16Array;
  /** reads: a bit per request kind (1 << kind), set once a read that came too soon has measured its round trip (readRtt). */
  rttSure: number;
  onFrameBound: (f: Uint8Array) => void;
  hash: ((f: Uint8Array) => number) | null;
  /** Hash of the last fully decoded answer of each request kind (0: none), and until when it may be reused. */
  sameHash: Float64Array;
  sameUntil: number;
  /** The snapshot the last fully decoded status gave (null: the next status is decoded in full). */
  sameSnap: Snapshot | null;
  /** JBD: the code-bearing bytes of the status last decoded (jbdCodeKey; −1: none), and until when they stand for it (VALUES_MS). */
  sameKey: number;
  valuesUntil: number;
  /** Length of the last single-frame answer of each request kind (0: not known yet), for restMs. */
  ansLen: Uint16Array;
  /** The family's status request as the allowlist built it (null: not built yet for this family). */
  statusReq: Uint8Array | null;
  /**
   * The family's status request kind; whether the request in flight is a Daly burst (cells, temperatures: many
   * frames); its timeout. Kept, not worked out on each use: a slow interpreter pays a few LIE for every method call,
   * and the poll loop asked for them several times a cycle.
   */
  statusK: number;
  burst: boolean;
  tmo: number;
  reads: boolean;
  /**
   * reads: a read during the request in flight found its answer not complete yet, and when the rest could be in by
   * its wire time from then (−1: the answer's length is not known yet).
   */
  early: boolean;
  dueMs: number;
  /** A status answer whose codes went first (PollerListener.onCodes returned true), to be decoded at the next step, and when it came. */
  held: Uint8Array | null;
  heldMs: number;

  constructor(family: Family | "auto", io: PollerIo, listener: PollerListener, options?: PollerOptions) {
    const o = options || {};
    this.want = family;
    this.io = io;
    this.ls = listener;
    this.dalyAddress = o.dalyAddress === undefined ? DALY_ADDR_PC : o.dalyAddress;
    this.dalySign = o.dalyCurrentSign === undefined ? DALY_SIGN_AUTO : o.dalyCurrentSign;
    this.missLimit = o.missLimit === undefined ? 3 : o.missLimit;
    this.redetectMs = o.redetectMs === undefined ? 30000 : o.redetectMs;
    this.holdMs = o.holdMs === undefined ? 20000 : o.holdMs;
    this.detecting = family === "auto";
    this.detIdx = 0;
    this.detTries = 0;
    this.detRound = 0;
    this.fam = family === "auto" ? FAMILIES[0] : family;
    this.prof = profileOf(this.fam);
    this.fr = makeFramer(this.fam);
    this.sb = new SnapshotBuilder(this.fam, this.dalySign, this.holdMs);
    this.started = false;
    this.now = 0;
    this.kind = -1;
    this.sentMs = 0;
    this.sentLen = 0;
    this.nextMs = 0;
    this.burstN = 0;
    this.burstMs = 0;
    this.afterStatus = false;
    this.misses = 0;
    this.boost = 0;
    this.cpuPeriodMs = 0;
    this.winBytes = 0;
    this.dropSeen = 0;
    this.dropAtSend = 0;
    this.noisyUntilMs = -1;
    this.prev2Codes = 0;
    this.recheck = false;
    this.lastGoodMs = null;
    this.detectSinceMs = 0;
    this.link = { ok: false, family: this.detecting ? null : this.fam, lastGoodMs: null, reason: "never" };
    this.prevCodes = 0;
    this.cellsDue = false;
    this.lastCellsMs = null;
    this.extraMs = 0;
    this.cfgTriedMs = null;
    this.rot = 0;
    this.relPending = false;
    this.statusSentMs = -1e9;
    this.jbdStatus = null;
    this.st = { sent: 0, answers: 0, timeouts: 0, echoes: 0, stray: 0, undecoded: 0 };
    this.rtt = new Uint16Array(REQ_KINDS);
    this.rttSure = 0;
    this.hash = o.hash === undefined ? null : o.hash;
    this.sameHash = new Float64Array(REQ_KINDS);
    this.sameUntil = 0;
    this.sameSnap = null;
    this.sameKey = -1;
    this.valuesUntil = 0;
    this.ansLen = new Uint16Array(REQ_KINDS);
    this.statusReq = null;
    this.statusK = this.statusKind();
    this.burst = false;
    this.tmo = 0;
    this.reads = o.reads === true;
    this.early = false;
    this.dueMs = -1;
    this.held = null;
    this.heldMs = 0;
    const self = this;
    this.onFrameBound = function (f: Uint8Array): void {
      self.onFrame(f);
    };
  }

  /** Sets the UART to the (first) family's baud, reports the initial link state, sends the first request. */
  start(nowMs: number): void {
    this.now = nowMs;
    this.started = true;
    this.detectSinceMs = nowMs;
    this.io.setBaud(this.prof.baud);
    this.ls.onLink(this.copyLink());
    this.sendNext(nowMs);
  }

  /**
   * UART bytes received at nowMs. Returns, like tick(), the ms until the poller wants a tick (a caller
   * may re-arm its timer with it; ignoring it is fine, see WAIT_POLL_MS).
   */
  onBytes(bytes: Uint8Array, nowMs: number): number {
    this.now = nowMs;
    this.winBytes += bytes.length;
    this.fr.push(bytes, nowMs, this.onFrameBound);
    this.noteDrops(nowMs);
    return this.waitMs(nowMs);
  }

  /**
   * A host that reads when asked (PollerOptions.reads): what the UART holds (null: nothing came) handed over at nowMs,
   * then tick(). Returns the ms until the next step is useful.
   */
  step(bytes: Uint8Array | null, nowMs: number): number {
    // Most answers of a steady pack: the status, whole, byte for byte as last time (again() decides, as it does for a
    // frame in onFrame), with nothing held in the framer. This short path skips the framer's checksum and the calls
    // around it: such a read costs ~330 LIE on the test interpreter, ~430 without it.
    this.now = nowMs;
    // A held answer (onFrame) first: tick() decodes it.
    if (this.held !== null) this.tick(nowMs);
    // The kind is tested before it indexes ansLen: with no request in flight it is -1, and Espruino throws on a typed
    // array read at a negative index (where JavaScript engines give undefined), which lost the whole read.
    if (bytes !== null && this.sameSnap !== null && this.fr.e === 0 && this.kind === this.statusK && bytes.length === this.ansLen[this.kind] &&
      this.hash !== null && this.again(bytes, this.hash(bytes), nowMs, false)) {
      return this.waitMs(nowMs);
    }
    const sent = this.st.sent;
    if (bytes !== null) {
      this.winBytes += bytes.length;
      // They came at some time since the last read, which may have run late behind other work: no gap can be told
      // between them and the part of a frame the framer holds, which would otherwise be dropped as stale when the read
      // that brings its rest runs more than the family's inter-byte gap after the one that brought its start (the answer
      // lost, on a slow interpreter behind a screen's draw). The gap still ends a part whose rest never comes.
      if (this.fr.e !== this.fr.s) this.fr.lastMs = nowMs;
      this.fr.push(bytes, nowMs, this.onFrameBound);
    }
    const d = this.tick(nowMs);
    // The same request still in flight after this read: its answer was not all in yet; the rest (all of it when none
    // came) cannot be in before its wire time from now, whenever the next read happens to run. (A held answer is in.)
    if (this.held === null && this.kind >= 0 && this.st.sent === sent) {
      this.early = true;
      this.dueMs = this.ansLen[this.kind] > 0 ? nowMs + this.restMs(0) : -1;
    }
    return d;
  }

  /** Timeouts, burst ends, pacing. Returns ms until it wants to be called again (≥ 1). */
  tick(nowMs: number): number {
    if (!this.started) return 1000;
    // A status held after its codes went first (onFrame): its decode now, at the time it came, before anything newer;
    // not in the step that held it (waitMs asks for the next one at once).
    const held = this.held;
    if (held !== null && nowMs !== this.heldMs) {
      this.now = this.heldMs;
      this.onFrame(held);
      this.held = null;
    }
    this.now = nowMs;
    // Both only when there is something to do: a call costs a slow interpreter more than the test.
    if (this.fr.e !== this.fr.s) this.fr.expire(nowMs, this.onFrameBound);
    if (this.fr.st.dropped !== this.dropSeen) this.noteDrops(nowMs);
    if (this.kind >= 0) {
      if (this.burst && this.burstN > 0) {
        if (nowMs - this.burstMs >= BURST_QUIET_MS) this.endBurst(nowMs);
      } else if (nowMs - this.sentMs >= this.tmo || this.garbledOver(nowMs)) {
        this.miss(nowMs);
      }
    }
    if (this.kind < 0 && nowMs >= this.nextMs) this.sendNext(nowMs);
    return this.waitMs(nowMs);
  }

  /** New framer drops mark the line noisy for NOISY_MS. */
  noteDrops(nowMs: number): void {
    const d = this.fr.st.dropped;
    if (d === this.dropSeen) return;
    this.dropSeen = d;
    this.noisyUntilMs = nowMs + NOISY_MS;
  }

  /** The answer in flight came garbled and is over (see the header): no need to wait for the timeout. */
  garbledOver(nowMs: number): boolean {
    const rt = this.rtt[this.kind];
    if (this.detecting || rt === 0 || this.burstN > 0) return false;
    if (this.winBytes === 0 || this.fr.st.dropped <= this.dropAtSend || this.fr.pending() > 0) return false;
    return nowMs - this.sentMs >= rt && nowMs - this.fr.lastMs >= GARBAGE_QUIET_MS;
  }

  /** ms until the next tick is useful (≥ 1). */
  waitMs(nowMs: number): number {
    if (!this.started) return 1000;
    if (this.held !== null) return 1;
    let t: number;
    if (this.kind >= 0) {
      if (this.burst && this.burstN > 0) {
        t = this.burstMs + BURST_QUIET_MS - nowMs;
      } else {
        t = this.sentMs + this.tmo - nowMs;
        const elapsed = nowMs - this.sentMs;
        let due: number;
        if (!this.reads) {
          // A tick at the expected answer time finds the answer in or judges a garbled one over.
          due = this.rtt[this.kind] > elapsed ? this.rtt[this.kind] - elapsed + 1 : WAIT_POLL_MS;
        } else if (this.fr.e !== this.fr.s) {
          // Part of the answer is in: read again when the rest should be (its length from the last answer). The
          // first answer of a kind, its length unknown, is read as it comes, so that its round trip is near the truth.
          due = this.restMs(0);
          if (due <= 0) due = this.rtt[this.kind] === 0 && !this.detecting ? RX_SLACK_MS : READ_POLL_MS;
        } else {
          // Nothing of it yet (or only an echo, or garbage): read when it should be complete; late, every LATE_READ_MS
          // up to twice its round trip (a BMS whose turnaround varies; the round trip is also learnt from above, so now
          // and then it is read a little too soon), then at the pace of the garbled-answer check while bytes came, or
          // of a silent BMS's.
          const rt = this.rtt[this.kind];
          due = rt > elapsed ? rt - elapsed : elapsed < 2 * rt ? LATE_READ_MS : this.winBytes > 0 ? READ_POLL_MS : WAIT_POLL_MS;
        }
        if (due < t) t = due;
      }
    } else {
      t = this.nextMs - nowMs;
    }
    if (this.fr.e !== this.fr.s) {
      const e = this.fr.msToExpiry(nowMs);
      if (e < t) t = e;
    }
    return t < 1 ? 1 : t;
  }

  /**
   * The user asked to clear: queue the JBD MOSFET-lock release (0xE1 = 0x0000). Allowed only on JBD
   * with status bit 12 set in the last status read; the bytes come from the allowlist. True if queued.
   */
  requestRelease(nowMs: number): boolean {
    this.now = nowMs;
    if (this.detecting || this.fam !== "jbd" || this.jbdStatus === null) return false;
    if ((this.jbdStatus & JBD_MOS_LOCK_BIT) === 0) return false;
    if (buildRequest(REQ_JBD_RELEASE, this.ctx(true)) === null) return false;
    this.relPending = true;
    if (this.started && this.kind < 0 && nowMs >= this.nextMs) this.sendNext(nowMs);
    return true;
  }

  ctx(userAsked: boolean): WriteContext {
    return { dalyAddress: this.dalyAddress, jbdStatus: this.jbdStatus, userAsked: userAsked };
  }

  copyLink(): LinkState {
    const l = this.link;
    return { ok: l.ok, family: l.family, lastGoodMs: l.lastGoodMs, reason: l.reason };
  }

  statusKind(): number {
    return this.fam === "jbd" ? REQ_JBD_STATUS : this.fam === "jk" ? REQ_JK_ALL : REQ_DALY_ALARMS;
  }

  cellsWanted(nowMs: number): boolean {
    return this.cellsDue || this.lastCellsMs === null || nowMs - this.lastCellsMs >= this.prof.cellsEveryMs;
  }

  chooseKind(nowMs: number): number {
    if (this.detecting) return this.statusK;
    if (this.fam === "jk") return REQ_JK_ALL;
    if (this.fam === "jbd") {
      if (this.relPending) {
        this.relPending = false;
        return REQ_JBD_RELEASE;
      }
      if (this.afterStatus && !this.recheck && this.cellsWanted(nowMs)) return REQ_JBD_CELLS;
      return REQ_JBD_STATUS;
    }
    if (!this.afterStatus || this.recheck) return REQ_DALY_ALARMS;
    if (this.cfgTriedMs === null || nowMs - this.cfgTriedMs >= DALY_CONFIG_EVERY_MS) {
      this.cfgTriedMs = nowMs;
      return REQ_DALY_CONFIG;
    }
    // Without counts (0x94 unanswered) cells are still read; padding zeros are then trimmed.
    if (this.sb.cellCount !== 0 && this.cellsWanted(nowMs)) return REQ_DALY_CELLS;
    // The anchors' fixed periods (benchmark builds) read a whole round per poll: an extra after every status.
    if (STATUS_PERIOD_MS === 0 && nowMs - this.extraMs < DALY_EXTRA_EVERY_MS) return REQ_DALY_ALARMS;
    for (let i = 0; i < DALY_ROTATION.length; i++) {
      const k = DALY_ROTATION[this.rot % DALY_ROTATION.length];
      this.rot++;
      if (k !== REQ_DALY_TEMPS || (this.sb.tempCount !== null && this.sb.tempCount > 0)) return k;
    }
    return REQ_DALY_PACK;
  }

  sendNext(nowMs: number): void {
    let kind = this.chooseKind(nowMs);
    const status = this.statusK;
    // The status request, most of them, is built by the allowlist once per family (it depends on nothing else):
    // building it again for every request cost a slow interpreter ~150 LIE per cycle.
    let bytes = kind === status && this.statusReq !== null ? this.statusReq : buildRequest(kind, this.ctx(kind === REQ_JBD_RELEASE));
    if (bytes === null) {
      kind = status;
      bytes = buildRequest(kind, this.ctx(false));
    }
    if (bytes === null) return;
    this.kind = kind;
    this.sentMs = nowMs;
    if (kind === status) {
      this.statusReq = bytes;
      // Only the benchmark's fixed-period builds read it (spacedFrom); the flashed build drops this line.
      if (STATUS_PERIOD_MS > 0) this.statusSentMs = nowMs;
      this.recheck = false;
    } else {
      this.extraMs = nowMs;
    }
    this.sentLen = bytes.length;
    this.early = false;
    this.dueMs = -1;
    this.burstN = 0;
    this.burst = kind === REQ_DALY_CELLS || kind === REQ_DALY_TEMPS;
    // The first round of a detection waits less for each family (DETECT_FIRST_TIMEOUT_MS).
    const tmo = this.prof.timeoutMs;
    this.tmo = this.detecting && this.detRound === 0 && tmo > DETECT_FIRST_TIMEOUT_MS ? DETECT_FIRST_TIMEOUT_MS : tmo;
    // Bytes still pending from before this request are not garbage of its answer when dropped later.
    this.dropAtSend = this.fr.st.dropped + this.fr.e - this.fr.s;
    // A cells request counts as done when sent: a BMS that never answers it costs one timeout per
    // cellsEveryMs, not one per status cycle.
    if (kind === REQ_JBD_CELLS || kind === REQ_DALY_CELLS) {
      this.lastCellsMs = nowMs;
      this.cellsDue = false;
    }
    if (this.burst) this.sb.beginBurst();
    this.st.sent++;
    this.io.send(bytes);
  }

  /** Does a reply with command/register `cmd` answer the request in flight? */
  answers(kind: number, cmd: number): boolean {
    if (kind === REQ_JBD_STATUS) return cmd === JBD_REG_BASIC;
    if (kind === REQ_JBD_CELLS) return cmd === JBD_REG_CELLS;
    if (kind === REQ_JBD_RELEASE) return cmd === JBD_REG_MOS;
    if (kind === REQ_JK_ALL) return true;
    return cmd === dalyCmdOf(kind);
  }

  onFrame(f: Uint8Array): void {
    const nowMs = this.now;
    const h = this.hash !== null && this.kind >= 0 ? this.hash(f) : 0;
    if (h !== 0 && this.again(f, h, nowMs, true)) return;
    // A status whose protection bits raise a code says so before its decode (PollerListener.onCodes): the LED and the
    // first look need nothing more. Not on a noisy line (the engine waits for a second status) or while detecting. When
    // the listener did that work the answer is held, to be decoded at the next step (held).
    if (this.held === null && this.kind === this.statusK && this.ls.onCodes && nowMs >= this.noisyUntilMs && !this.detecting && !this.tooEarly(f, nowMs)) {
      const c = statusCodes(this.fam, f);
      if (c & ~this.prevCodes && this.ls.onCodes(c)) {
        // A copy: f may be a view of the framer's buffer.
        this.held = new Uint8Array(f);
        this.heldMs = nowMs;
        return;
      }
    }
    const hint = this.kind === REQ_JBD_STATUS ? JBD_REG_BASIC : this.kind === REQ_JBD_CELLS ? JBD_REG_CELLS : undefined;
    const d: Decoded = this.prof.decode(f, hint);
    if (d.request) {
      this.st.echoes++;
      this.winBytes -= f.length;
      if (this.winBytes < 0) this.winBytes = 0;
      return;
    }
    if (this.kind < 0 || !this.answers(this.kind, d.cmd) || this.tooEarly(f, nowMs)) {
      this.st.stray++;
      // Any packet from the BMS restarts the spacing: the next request keeps gapMs after it too.
      if (this.kind < 0 && nowMs + this.prof.gapMs + this.boost > this.nextMs) this.nextMs = nowMs + this.prof.gapMs + this.boost;
      // Burst frames after the count was reached: this unit always sends all 16, wait for silence.
      if (this.fam === "daly" && (d.cmd === DALY_CMD_CELLS || d.cmd === DALY_CMD_TEMPS)) this.sb.fullBursts = true;
      return;
    }
    if (d.err !== null && d.bits === null && d.cellsMv === null && d.tempsC === null && this.kind !== REQ_JBD_RELEASE) {
      this.st.undecoded++;
      this.noisyUntilMs = nowMs + NOISY_MS;
      return;
    }
    this.good(nowMs);
    this.sb.noisy = nowMs < this.noisyUntilMs;
    const snap = this.sb.accept(d, nowMs);
    this.remember(f, h, snap, nowMs);
    if (snap !== null) this.emit(snap);
    if (this.burst) {
      this.burstN++;
      this.burstMs = nowMs;
      if (this.sb.burstDone) this.endBurst(nowMs);
      return;
    }
    this.complete(nowMs);
  }

  /**
   * An answer cannot be complete before the request and the answer have crossed the wire (10 bits per byte); one
   * that is, is a late reply to an earlier request that already timed out.
   */
  tooEarly(f: Uint8Array, nowMs: number): boolean {
    return nowMs - this.sentMs < Math.floor(((this.sentLen + f.length) * 10000) / this.prof.baud) - 2;
  }

  /**
   * ms until the answer in flight has likely all arrived, when `received` more bytes are waiting to be handed
   * over: the wire time of the bytes still missing, from the length of the last answer of the same kind (10 bits
   * per byte). 0 when nothing is due, the length is not known yet, or it is all there.
   */
  restMs(received: number): number {
    if (this.kind < 0) return 0;
    const missing = this.ansLen[this.kind] - this.fr.pending() - received;
    return missing > 0 ? Math.ceil((missing * 10000) / this.prof.baud) : 0;
  }

  /**
   * The answer in flight came byte for byte as last time (see SAME_MAX_MS), or, checked by the framer, a JBD status
   * whose values alone moved (VALUES_MS): count it, renew what it carries and complete the request without decoding.
   * False: take the full path.
   */
  again(f: Uint8Array, h: number, nowMs: number, checked: boolean): boolean {
    const kind = this.kind;
    if (nowMs >= this.sameUntil || nowMs < this.noisyUntilMs) return false;
    if (h !== this.sameHash[kind] && !(checked && nowMs < this.valuesUntil && this.prevCodes === 0 && kind === REQ_JBD_STATUS &&
      f.length === this.ansLen[kind] && jbdCodeKey(f) === this.sameKey)) return false;
    if (this.detecting || this.recheck || this.burst || kind === REQ_JBD_RELEASE) return false;
    const status = kind === this.statusK;
    if (status && this.sameSnap === null) return false;
    if (this.tooEarly(f, nowMs)) return false;
    this.ansLen[kind] = f.length;
    this.good(nowMs);
    if (status) {
      const snap = this.sameSnap as Snapshot;
      snap.tMs = nowMs;
      this.emit(snap);
    } else {
      this.sb.renew(kind === REQ_JBD_CELLS ? JBD_REG_CELLS : dalyCmdOf(kind), nowMs);
    }
    this.complete(nowMs);
    return true;
  }

  /**
   * After a full decode: what may be reused if the same bytes come again. A changed answer other than the status
   * changes what the next status's snapshot holds, so that one is decoded in full.
   */
  remember(f: Uint8Array, h: number, snap: Snapshot | null, nowMs: number): void {
    const kind = this.kind;
    const clean = h !== 0 && nowMs >= this.noisyUntilMs && !this.burst;
    if (kind === this.statusK) {
      this.sameSnap = clean ? snap : null;
      if (clean) this.sameUntil = nowMs + SAME_MAX_MS;
      this.sameKey = clean && kind === REQ_JBD_STATUS ? jbdCodeKey(f) : -1;
      this.valuesUntil = nowMs + VALUES_MS;
    } else if (h !== this.sameHash[kind]) {
      this.sameSnap = null;
    }
    this.sameHash[kind] = clean ? h : 0;
    if (!this.burst) this.ansLen[kind] = f.length;
  }

  emit(snap: Snapshot): void {
    if (this.fam === "jbd") this.jbdStatus = snap.bits[0];
    const rose = snap.codes & ~this.prevCodes;
    const noisy = this.now < this.noisyUntilMs;
    snap.noisy = noisy;
    if (!noisy) {
      if (rose !== 0) this.cellsDue = true;
    } else {
      // Cells wait for the confirming status, which goes first.
      if (rose !== 0) this.recheck = true;
      if ((snap.codes & this.prevCodes & ~this.prev2Codes) !== 0) this.cellsDue = true;
    }
    this.prev2Codes = this.prevCodes;
    this.prevCodes = snap.codes;
    this.ls.onSnapshot(snap);
  }

  endBurst(nowMs: number): void {
    const cmd = dalyCmdOf(this.kind);
    this.sb.noisy = nowMs < this.noisyUntilMs;
    this.sb.commitBurst(cmd, nowMs);
    this.complete(nowMs);
  }

  good(nowMs: number): void {
    this.st.answers++;
    this.lastGoodMs = nowMs;
    this.misses = 0;
    this.winBytes = 0;
    this.boost = this.boost > BOOST_DECAY_MS ? this.boost - BOOST_DECAY_MS : 0;
    if (this.detecting) {
      this.detecting = false;
      this.detTries = 0;
      // Bytes read at the wrong baud while detecting are not noise on the line.
      this.noisyUntilMs = -1;
    }
    // setLink's work when the link is already up (most answers), without the call.
    const l = this.link;
    if (l.ok && l.family === this.fam && l.reason === null) l.lastGoodMs = nowMs;
    else this.setLink(true, this.fam, null);
  }

  complete(nowMs: number): void {
    const kind = this.kind;
    let rt = nowMs - this.sentMs;
    if (this.reads) rt = this.readRtt(kind, rt);
    this.rtt[kind] = rt > 60000 ? 60000 : rt < 1 ? 1 : rt;
    this.afterStatus = kind === this.statusK;
    this.kind = -1;
    this.nextMs = this.spacedFrom(nowMs);
    // A status whose codes rose goes to the engine (the LED) first: the cells request it calls for waits for the loop's
    // next run, which comes after the engine's callback, rather than lengthening this one (~200 LIE).
    if (nowMs >= this.nextMs && !this.cellsDue) this.sendNext(nowMs);
  }

  /**
   * The round trip to expect next time, for a host that reads when asked (rt: request to the read that found the answer
   * complete). It learns only that the answer was in by the time it read, and a read may run late behind other work,
   * which must not stretch every later cycle. Found whole at the first read: no later than then, and, until a read that
   * came too soon has measured it, halfway from there to the wire time: a round trip first learnt behind a slow boot
   * (~200 ms on the slowest ESP32 for a 45 ms JBD answer) otherwise paced every read after it, 1 ms quicker every
   * fourth answer. Once measured, that slow step only (to follow a BMS that got quicker). Found after a read that was
   * too soon: no later than the rest's wire time after that read (+1 ms for its rounding); when nothing had come then,
   * that is too soon again, and the next read, finding part of it, says when it is due.
   */
  readRtt(kind: number, rt: number): number {
    const least = Math.floor(((this.sentLen + this.ansLen[kind]) * 10000) / this.prof.baud);
    const was = this.rtt[kind];
    if (!this.early && was > 0) {
      if (was < rt) rt = was;
      if ((this.rttSure & (1 << kind)) === 0) rt = least + ((rt - least) >> 1);
      else if ((this.st.answers & 3) === 0) rt--;
    } else if (this.early && this.dueMs >= 0) {
      if (this.dueMs + 1 - this.sentMs < rt) rt = this.dueMs + 1 - this.sentMs;
      this.rttSure |= 1 << kind;
    }
    return rt > least ? rt : least;
  }

  /**
   * Earliest next request after an answer or a miss at nowMs: max(now + gap, last request + period), + back-off;
   * the period is the family's or the host's (cpuPeriodMs), whichever is longer.
   */
  spacedFrom(nowMs: number): number {
    const byGap = nowMs + this.prof.gapMs + this.boost;
    const byPeriod = this.sentMs + (this.cpuPeriodMs > this.prof.periodMs ? this.cpuPeriodMs : this.prof.periodMs) + this.boost;
    let next = byPeriod > byGap ? byPeriod : byGap;
    if (STATUS_PERIOD_MS > 0) {
      // The anchors read a whole round per poll: the request that follows a status (JBD cells, a Daly extra, a
      // pending release) still goes at once; the next status waits for the period.
      const extraNext = this.afterStatus && this.fam !== "jk" && (this.fam === "daly" || this.cellsWanted(nowMs) || this.relPending);
      if (!extraNext && this.statusSentMs + STATUS_PERIOD_MS > next) next = this.statusSentMs + STATUS_PERIOD_MS;
    }
    return next;
  }

  miss(nowMs: number): void {
    this.st.timeouts++;
    this.misses++;
    this.kind = -1;
    this.afterStatus = false;
    if (this.detecting) {
      this.boost = 0;
      this.detTries++;
      if (this.detTries >= (this.winBytes > 0 ? DETECT_TRIES : 1)) {
        this.detTries = 0;
        this.detIdx = (this.detIdx + 1) % FAMILIES.length;
        if (this.detIdx === 0) this.detRound++;
        this.useFamily(FAMILIES[this.detIdx]);
      }
    } else if (this.winBytes === 0) {
      this.boost = this.boost === 0 ? BOOST_STEP_MS : this.boost * 2;
      if (this.boost > BOOST_MAX_MS) this.boost = BOOST_MAX_MS;
    }
    if (!this.detecting) {
      const since = this.lastGoodMs === null ? this.detectSinceMs : this.lastGoodMs;
      if (this.want === "auto" && nowMs - since >= this.redetectMs) {
        this.detecting = true;
        this.detIdx = 0;
        this.detTries = 0;
        this.detRound = 0;
        this.detectSinceMs = nowMs;
        this.boost = 0;
        this.useFamily(FAMILIES[0]);
      }
    }
    // Garbled misses no longer back off, so missLimit of them can pass in ~150 ms: the link also needs
    // GARBAGE_DOWN_MS without a valid answer.
    const garbled = this.winBytes > 0 && this.lastGoodMs !== null && nowMs - this.lastGoodMs < GARBAGE_DOWN_MS;
    if ((this.misses >= this.missLimit && !garbled) || this.detecting) {
      const reason = this.winBytes > 0 ? "garbage" : this.lastGoodMs === null ? "never" : "silent";
      this.setLink(false, this.detecting ? null : this.fam, reason);
    }
    // The period holds after a miss too: a garbled answer can end the wait well before the period is up.
    this.nextMs = this.spacedFrom(nowMs);
    // Garbage is judged per request window: bytes before this miss do not taint the next one.
    this.winBytes = 0;
  }

  useFamily(f: Family): void {
    this.fam = f;
    this.prof = profileOf(f);
    this.fr = makeFramer(f);
    this.sb = new SnapshotBuilder(f, this.dalySign, this.holdMs);
    this.afterStatus = false;
    this.prevCodes = 0;
    this.prev2Codes = 0;
    this.recheck = false;
    this.dropSeen = 0;
    this.dropAtSend = 0;
    this.cellsDue = false;
    this.lastCellsMs = null;
    this.extraMs = 0;
    this.cfgTriedMs = null;
    this.jbdStatus = null;
    this.relPending = false;
    this.sameSnap = null;
    this.sameUntil = 0;
    this.statusReq = null;
    this.statusK = this.statusKind();
    this.io.setBaud(this.prof.baud);
  }

  setLink(ok: boolean, family: Family | null, reason: "never" | "silent" | "garbage" | null): void {
    const l = this.link;
    l.lastGoodMs = this.lastGoodMs;
    if (l.ok === ok && l.family === family && l.reason === reason) return;
    l.ok = ok;
    l.family = family;
    l.reason = reason;
    this.ls.onLink(this.copyLink());
  }
}
