/** The virtual clock and Espruino's timers inside the device context. */
import * as assert from "assert";
import { VirtualClock } from "../../sim/runtime/clock";
import { createDevice } from "../../sim/runtime/device";

describe("runtime: VirtualClock", () => {
  it("runs events in time order, equal times in scheduling order, and jumps to the end time", () => {
    const c = new VirtualClock();
    const seen: string[] = [];
    c.at(20, () => seen.push("c@" + c.now()));
    c.at(10, () => seen.push("a@" + c.now()));
    c.at(10, () => seen.push("b@" + c.now()));
    c.at(10, () => c.after(0, () => seen.push("d@" + c.now())));
    c.runUntil(15);
    assert.deepStrictEqual(seen, ["a@10", "b@10", "d@10"]);
    assert.strictEqual(c.now(), 15);
    c.runFor(100);
    assert.deepStrictEqual(seen, ["a@10", "b@10", "d@10", "c@20"]);
    assert.strictEqual(c.now(), 115);
  });

  it("cancels events and clamps past times to now", () => {
    const c = new VirtualClock(50);
    const seen: number[] = [];
    const h = c.schedule(60, () => seen.push(1));
    c.at(10, () => seen.push(c.now()));
    h.cancel();
    c.runFor(100);
    assert.deepStrictEqual(seen, [50]);
    assert.strictEqual(c.pending(), 0);
  });
});

describe("runtime: VirtualClock paced to a wall clock (interactive mode)", () => {
  it("advances virtual time by speed × wall time at each tick, and stops at untilMs", async () => {
    const c = new VirtualClock();
    const seen: number[] = [];
    for (const t of [5, 15, 25, 95]) c.at(t, () => seen.push(c.now()));
    let wall = 1000;
    const pending: (() => void)[] = [];
    const rt = c.runRealtime({ speed: 2, untilMs: 60, tickMs: 10, wallNow: () => wall, setTimer: (fn) => pending.push(fn), clearTimer: () => undefined });
    pending.shift()!(); // first tick at wall 1000: nothing due yet
    assert.strictEqual(c.now(), 0);
    wall = 1010;
    pending.shift()!(); // 10 wall ms × 2 = 20 virtual ms
    assert.deepStrictEqual(seen, [5, 15]);
    assert.strictEqual(c.now(), 20);
    wall = 1100;
    pending.shift()!(); // would be 200, capped at untilMs 60
    await rt.done;
    assert.strictEqual(c.now(), 60);
    assert.deepStrictEqual(seen, [5, 15, 25]);
    assert.strictEqual(pending.length, 0, "no tick after the end");
  });
});

describe("runtime: timers in the device", () => {
  it("fires timeouts and intervals at their virtual times, equal times in order of creation", () => {
    const d = createDevice({
      code: `
        var log = [];
        setTimeout(function () { log.push("t10@" + Math.round(getTime() * 1000)); }, 10);
        setTimeout(function () { log.push("t5a@" + Math.round(getTime() * 1000)); }, 5);
        setTimeout(function () { log.push("t5b@" + Math.round(getTime() * 1000)); }, 5);
        var iv = setInterval(function () { log.push("iv@" + Math.round(getTime() * 1000)); }, 4);
        setTimeout(function () { clearInterval(iv); }, 13);
      `,
    });
    d.clock.runFor(100);
    assert.strictEqual(d.eval("log.join(' ')"), "iv@4 t5a@5 t5b@5 iv@8 t10@10 iv@12");
    assert.strictEqual(d.timerCount(), 0);
  });

  it("with charged interpreter time, a timeout set after the callback read the time counts from the callback's end", () => {
    // Each callback is charged 30 ms. Espruino counts a timeout from the moment setTimeout runs: one set after the
    // callback has read the time (its later reads give its end) is due its delay after that end; one set in a callback
    // that read no time counts from its start.
    const charge = Object.assign(() => 30, {});
    const d = createDevice({
      cpuMs: charge,
      code: `
        var log = [];
        setTimeout(function () {
          getTime();
          setTimeout(function () { log.push("read@" + Math.round(getTime() * 1000)); }, 50);
        }, 100);
        setTimeout(function () { setTimeout(function () { log.push("unread@" + Math.round(getTime() * 1000)); }, 50); }, 300);
      `,
    });
    d.clock.runFor(500);
    assert.strictEqual(d.eval("log.join(' ')"), "read@180 unread@350");
  });

  it("with charged time, UART data that came during a callback reaches its listener before a timer due then, merged into one call", () => {
    // Espruino's idle loop hands every queued IO event to its listener before it runs a due timer (jsiIdle), and bytes of
    // one UART are added to the last queued event while it has room (jshPushIOCharEvents): a read due during a long
    // callback finds what came meanwhile, in one listener call.
    const charge = Object.assign((kind: string) => (kind === "uart" ? 1 : 40), {});
    const d = createDevice({
      cpuMs: charge,
      code: `
        var log = [];
        Serial2.setup(9600, { rx: D16, tx: D17 });
        Serial2.on("data", function (s) { log.push("data " + s.length + "@" + Math.round(getTime() * 1000)); });
        setTimeout(function () { log.push("long@" + Math.round(getTime() * 1000)); }, 100);
        setTimeout(function () { log.push("read@" + Math.round(getTime() * 1000)); }, 110);
      `,
    });
    const bytes: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < 20; i++) { bytes.push(i); times.push(101 + i); }
    d.serial.Serial2.rxBytes(bytes, times);
    d.clock.runFor(300);
    // The long callback runs 100-140; the RX task queued the bytes in 5 ms rounds meanwhile: one call of all 20, then the read.
    assert.strictEqual(d.eval("log.join(' ')"), "long@100 data 20@140 read@141");
  });

  it("with charged time, afterMs comes after the callback's outputs: a pin it set changes before, the next callback waits", () => {
    const charge = Object.assign(() => 10, { afterMs: 30 });
    const d = createDevice({
      cpuMs: charge,
      code: `
        var log = [];
        setTimeout(function () { digitalWrite(D2, 1); }, 100);
        setTimeout(function () { log.push("next@" + Math.round(getTime() * 1000)); }, 105);
      `,
    });
    const edges: number[] = [];
    d.on("pin", (e: { pin: number; tMs: number }) => { if (e.pin === 2) edges.push(e.tMs); });
    d.clock.runFor(300);
    assert.deepStrictEqual(edges.slice(-1), [110]);
    // The first callback ran 100-140 (10 ms, its write at 110, then 30 ms after): the second waits for its end.
    assert.strictEqual(d.eval("log.join(' ')"), "next@140");
  });

  it("with charged time, a request to the BMS leaves at the callback's end, sending adding its cost once; the console at once", () => {
    // 20 ms a callback, 15 more when it writes to a BMS UART (sentMs): the bytes start at 135 and 9600 baud puts each
    // byte's end 1.04 ms after the last; a second write in the same callback is not charged again.
    const charge = Object.assign(() => 20, { sentMs: () => 15 });
    const d = createDevice({
      cpuMs: charge,
      code: `
        var log = [];
        Serial2.setup(9600, { rx: D16, tx: D17 });
        setTimeout(function () { Serial2.write([1, 2]); Serial2.write([3]); }, 100);
        setTimeout(function () { log.push("next@" + Math.round(getTime() * 1000)); }, 105);
        setTimeout(function () { Serial1.write("x"); }, 200);
      `,
    });
    const tx: { port: string; times: number[] }[] = [];
    for (const n of ["Serial1", "Serial2"]) d.serial[n].sim.on("tx", (e: { port: string; times: number[] }) => tx.push(e));
    d.clock.runFor(300);
    const bms = tx.filter((e) => e.port === "Serial2").map((e) => e.times.map((t) => Math.round(t * 100) / 100));
    assert.deepStrictEqual(bms, [[136.04, 137.08], [138.12]]);
    assert.strictEqual(d.eval("log.join(' ')"), "next@135");
    const con = tx.filter((e) => e.port === "Serial1");
    assert.ok(con.length === 1 && Math.abs(con[0].times[0] - (200 + 10000 / 115200)) < 1e-6, "the console is not held back: " + JSON.stringify(con));
  });

  it("with charged time, a render that sets draw()'s timer counts it from its charge as such a render: a poll due meanwhile runs first", () => {
    // Every callback 10 ms; one that sets draw()'s timer (framedMs) at least 50. The render runs 100-150 and sets the
    // draw at its end (as firmware/main.ts offer does), so the poll due at 140 runs before it: poll@150, draw@160.
    // Counted from the usual 10 ms, the draw would be due at 110 and run first, holding the poll back.
    const charge = Object.assign(() => 10, { framedMs: () => 50, isDraw: (fn: Function) => /draw@/.test(fn.toString()) });
    const d = createDevice({
      cpuMs: charge,
      code: `
        var log = [];
        function ms() { return Math.round(getTime() * 1000); }
        setTimeout(function () { ms(); setTimeout(function () { log.push("draw@" + ms()); }, 0); }, 100);
        setTimeout(function () { log.push("poll@" + ms()); }, 140);
      `,
    });
    d.clock.runFor(300);
    assert.strictEqual(d.eval("log.join(' ')"), "poll@150 draw@160");
  });

  it("with charged time, draw() is charged the draw of what the callback that set its timer built (drawnMs), else drawMs", () => {
    // Every callback 10 ms, a render that sets draw()'s timer 50; draw() after "once" at least 20 from its start, after
    // any other 40 (drawMs). The I2C bus time of its 3 bytes at 100 kHz (0.27 ms) on top.
    const charge = Object.assign(() => 10, {
      drawMs: 40,
      framedMs: () => 50,
      isDraw: (fn: Function) => /I2C1\.writeTo/.test(fn.toString()),
      drawnMs: (f: Function) => (/once/.test(f.toString()) ? 20 : 40),
    });
    const d = createDevice({
      cpuMs: charge,
      code: `
        var log = [];
        I2C1.setup({ sda: D21, scl: D22 });
        function ms() { return Math.round(getTime() * 1000); }
        function draw() { I2C1.writeTo(0x3C, [0x40, 1, 2]); }
        setTimeout(function () { ms(); setTimeout(draw, 0); /* once */ }, 100);
        setTimeout(function () { ms(); setTimeout(draw, 0); }, 300);
        setTimeout(function () { log.push("next@" + ms()); }, 151);
        setTimeout(function () { log.push("next@" + ms()); }, 351);
      `,
      deferBoot: true,
    });
    d.attachSsd1306({ sda: 21, scl: 22 });
    d.boot();
    d.clock.runFor(500);
    assert.strictEqual(d.eval("log.join(' ')"), "next@170 next@390");
  });

  it("passes extra arguments, returns integer ids and changeInterval reschedules", () => {
    const d = createDevice({
      code: `
        var got = [];
        var id = setTimeout(function (a, b) { got.push(a + b); }, 1, 2, 3);
        var iv = setInterval(function () { got.push(Math.round(getTime() * 1000)); }, 100);
        setTimeout(function () { changeInterval(iv, 30); }, 150);
      `,
    });
    assert.strictEqual(typeof d.eval("id"), "number");
    d.clock.runFor(250);
    assert.strictEqual(d.eval("got.join(',')"), "5,100,180,210,240");
  });

  it("clearTimeout() with no argument clears all; clearTimeout(undefined) throws as on Espruino", () => {
    const d = createDevice({
      code: `
        var fired = 0, msg = "";
        setTimeout(function () { fired++; }, 10);
        setInterval(function () { fired++; }, 3);
        try { clearTimeout(undefined); } catch (e) { msg = e.message; }
        clearTimeout(12345); // a stale id is ignored (espruino/Espruino#1592)
        clearTimeout();
      `,
    });
    d.clock.runFor(100);
    assert.strictEqual(d.eval("fired"), 0);
    assert.strictEqual(d.eval("msg"), "clearTimeout(undefined) not allowed. Use clearTimeout() instead.");
    assert.strictEqual(d.timerCount(), 0);
  });

  it("an interval keeps running after its callback threw; the error is printed, not fatal", () => {
    const d = createDevice({ code: `var n = 0; setInterval(function () { n++; throw new Error("boom " + n); }, 10);` });
    d.clock.runFor(55);
    assert.strictEqual(d.eval("n"), 5);
    assert.strictEqual(d.errors.length, 5);
    assert.strictEqual(d.errors[0].text, "Error: boom 1");
    assert.strictEqual(d.log[0].text, "Uncaught Error: boom 1");
    assert.strictEqual(d.errors[4].tMs, 50);
  });

  it("promise callbacks run before setTimeout(…, 0) callbacks", () => {
    const d = createDevice({
      code: `
        var order = [];
        setTimeout(function () { order.push("timeout"); }, 0);
        Promise.resolve().then(function () { order.push("promise"); });
        setTimeout(function () { Promise.resolve().then(function () { order.push("p2"); }); order.push("t2"); }, 5);
        setTimeout(function () { order.push("t3"); }, 5);
      `,
    });
    d.clock.runFor(10);
    assert.strictEqual(d.eval("order.join(',')"), "promise,timeout,t2,p2,t3");
  });

  it("getTime() is virtual seconds with sub-millisecond resolution", () => {
    const d = createDevice({ code: `var t = []; setTimeout(function () { t.push(getTime()); }, 1234.5);` });
    d.clock.runFor(2000);
    assert.strictEqual(d.eval("t[0]"), 1.2345);
  });
});
