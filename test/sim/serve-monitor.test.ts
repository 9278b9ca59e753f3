/**
 * `bmsbox serve` and `bmsbox monitor` glue, without hardware: the monitor (the firmware's poller, engine and
 * screen running on the host) talks to a served simulated BMS through a fake serial line on a virtual clock.
 * Bytes take their wire time and arrive only when both ends use the same baud rate, as on a real line.
 */
import * as assert from "assert";
import { VirtualClock } from "../../sim/runtime/clock";
import { createBms } from "../../sim/bms";
import { serveBms, PortLike } from "../../sim/commands/serve";
import { HostMonitor, MonitorPort } from "../../sim/commands/monitor";
import { Family } from "../../firmware/src/types";

/** Two ends of a serial line with wire time; bytes sent at a baud the other end does not use are lost. */
function line(clock: VirtualClock, bmsBaud: number): { box: MonitorPort; bms: PortLike; boxBaud(): number } {
  let boxBaud = 9600;
  const boxRx: ((b: Buffer) => void)[] = [];
  const bmsRx: ((b: Buffer) => void)[] = [];
  const send = (to: ((b: Buffer) => void)[], b: Buffer, baud: number, ok: boolean): void => {
    const t = clock.now() + (b.length * 10000) / baud;
    if (ok) clock.at(t, () => { for (const f of to) f(Buffer.from(b)); });
  };
  return {
    box: {
      on: (_e: "data", fn: (b: Buffer) => void) => boxRx.push(fn),
      write: (b: Buffer) => send(bmsRx, b, boxBaud, boxBaud === bmsBaud),
      setBaud: (b: number) => { boxBaud = b; },
    },
    bms: {
      on: (_e: "data", fn: (b: Buffer) => void) => bmsRx.push(fn),
      write: (b: Buffer) => send(boxRx, b, bmsBaud, boxBaud === bmsBaud),
    },
    boxBaud: () => boxBaud,
  };
}

function setup(family: Family, monitorFamily: Family | "auto") {
  const clock = new VirtualClock();
  const bms = createBms(family, { pack: { socPct: 70 } });
  const l = line(clock, bms.baud);
  const now = () => clock.now();
  const served = serveBms(bms, l.bms, now, (fn, ms) => clock.at(clock.now() + ms, fn));
  const mon = new HostMonitor(monitorFamily, l.box, now, (fn, ms) => clock.schedule(clock.now() + ms, fn));
  mon.start();
  return { clock, bms, served, mon, l };
}

describe("bmsbox serve + monitor over a fake serial line", () => {
  for (const fam of ["jbd", "jk", "daly"] as Family[]) {
    it(fam + ": autodetect finds it at its baud rate, the screen shows the pack, then OCD from a 160 A load", () => {
      const s = setup(fam, "auto");
      s.clock.runUntil(15000);
      assert.strictEqual(s.l.boxBaud(), s.bms.baud, "the poller settled on the BMS's baud rate");
      assert.ok(s.served.sent.length > 5, "the served BMS answered");
      const before = s.mon.screenText();
      assert.ok(/OK/.test(before) && before.toUpperCase().indexOf(fam.toUpperCase()) >= 0, before);
      s.bms.change(s.clock.now(), (p) => { p.loadA = 160; });
      s.clock.runUntil(s.clock.now() + 10000);
      assert.ok(/\bOCD\b/.test(s.mon.screenText()), s.mon.screenText());
      assert.ok(/OCD/.test(s.mon.status()));
      assert.deepStrictEqual(s.bms.forbiddenWrites, []);
    });
  }
  it("jbd: a long press on a software-locked JBD sends exactly the allowed 0xE1 release, which clears the lock", () => {
    const s = setup("jbd", "jbd");
    s.bms.change(0, (p) => { p.lockDischarge = true; });
    s.clock.runUntil(10000);
    s.mon.gesture("long");
    s.clock.runUntil(15000);
    assert.strictEqual(s.bms.writes.length, 1);
    assert.strictEqual(s.bms.writes[0].allowed, true);
    assert.strictEqual(s.bms.pack.lockDischarge, false);
    assert.deepStrictEqual(s.bms.forbiddenWrites, []);
  });
});
