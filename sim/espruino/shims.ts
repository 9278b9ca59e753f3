/**
 * The ESP32's peripherals for the real interpreter: a small script stored as `.boot0`, which Espruino evaluates
 * before `.bootcde` at every boot (jsfLoadBootCodeFromFlash, src/jsflash.c), so the flashed firmware runs
 * unchanged against it. The Linux build has no I2C, GPIO or PWM of its own; these shims stand in for them and
 * apply the ESP32 port's pin rules (sim/runtime/esp32-port.ts: negated pins, DAC pins), and they report what
 * the firmware did as console lines the host reads (sim/espruino/real-box.ts):
 *
 *   @@i <addr> <base64>            one I2C write transaction (the SSD1306 model decodes it)
 *   @@p <t> <pin> d <level>        a digital output level, electrical (after the port's inversion)
 *   @@p <t> <pin> pwm <duty> <hz>  LEDC PWM; @@p <t> <pin> dac <level>: a DAC pin, DC, freq ignored
 *   @@p <t> <pin> mode <mode> <pull>  pinMode, with the pull the port really enables
 *   @@u <t> <baud>                 the BMS UART (re)opened at that baud
 *   @@w <t> <seconds> <auto>       the watchdog enabled
 *   @@m <json>                     answer to __m(): process.memory() and the shims' counters
 *
 * The host drives the world through console lines: `__lvl(pin, level)` sets a pin's electrical level (the
 * button), `__m()` asks for the counters. Serial2/Serial3 keep Espruino's own Linux implementation, opened on a
 * pseudo-terminal whose other end is a simulated BMS.
 * A watch fires as soon as `__lvl` changes what the pin reads, with that moment as its time: the host drives clean
 * edges, so Espruino's debounce (which only drops edges that do not last) has nothing to drop, and an edge is
 * never lost while the firmware is busy (on the device a watch is queued by the pin interrupt).
 * Every shim function is small and flat: its cost is counted apart from the firmware's (the shims alone are
 * booted once to measure it). Their time too: on the ESP32 these are native calls, here they format and print a
 * console line (a frame pushed to the OLED printed ~1.4 KB of base64, ~500 LIE, more than drawing it). Each shim
 * that stands for a call the firmware makes while running adds what it took, less what one native call costs
 * (__S.nc: the Linux build's own bus-less I2C1.writeTo of a 129-byte chunk, timed at boot, ~9 LIE; a pin write
 * costs less), to __S.sh, and tools/bench/interpreter-time.ts takes that out of the callback it happened in.
 */
import { ESP32_PORT } from "../runtime/esp32-port";

export interface ShimOptions {
  /** The pseudo-terminal the BMS UART opens instead of the ESP32's pins. */
  uartPath: string;
}

/** The `.boot0` source. Plain ES5 that Espruino runs as-is. */
export function shimSource(o: ShimOptions): string {
  const neg = JSON.stringify(ESP32_PORT.negated);
  const dac = JSON.stringify(ESP32_PORT.dac);
  const noWatch = JSON.stringify(ESP32_PORT.noWatch);
  return `var __S={neg:${neg},dac:${dac},nw:${noWatch},lvl:{},w:[],wid:0,kicks:0,kmax:0,klast:0,wd:0,i2c:0,sh:0,nc:0,pty:${JSON.stringify(o.uartPath)}};
(function(){var c=new Uint8Array(129),w=I2C1.writeTo,n=20,t=getTime();for(var i=0;i<n;i++)w.call(I2C1,60,c);__S.nc=(getTime()-t)/n;})();
function __x(t){__S.sh+=getTime()-t-__S.nc;}
function __t(){return Math.round(getTime()*1000);}
function __n(p){return p|0;}
function __inv(p){return __S.neg.indexOf(__n(p))>=0;}
function __read(p){var l=__S.lvl[__n(p)];if(l===undefined)l=1;return __inv(p)?1-l:l;}
var digitalRead=function(p){var t=getTime(),r=__read(p);__x(t);return r;};
var digitalWrite=function(p,v){var t=getTime();v=v?1:0;if(__inv(p))v=1-v;print("@@p "+__t()+" "+__n(p)+" d "+v);__x(t);};
var analogWrite=function(p,v,o){var t=getTime(),n=__n(p);if(__inv(p))v=1-v;if(__S.dac.indexOf(n)>=0){if(o&&(o.soft||o.forceSoft))print("ERROR: pin does not support software PWM");print("@@p "+__t()+" "+n+" dac "+v);}else print("@@p "+__t()+" "+n+" pwm "+v+" "+((o&&o.freq)||5000));__x(t);};
var pinMode=function(p,m){var u=m=="input_pullup"?"up":m=="input_pulldown"?"down":"none";if(__inv(p)&&u!="none")u=u=="up"?"down":"up";print("@@p "+__t()+" "+__n(p)+" mode "+m+" "+u);};
var setWatch=function(f,p,o){var n=__n(p);if(__S.nw.indexOf(n)>=0){print("WARNING: Unable to set watch");return undefined;}o=o||{};__S.wid++;__S.w.push({id:__S.wid,f:f,p:n,e:o.edge||"both",r:!!o.repeat,s:__read(n),tl:getTime()});print("@@p "+__t()+" "+n+" mode watch up");return __S.wid;};
var clearWatch=function(id){__S.w=__S.w.filter(function(w){return id!==undefined&&w.id!==id;});};
function __fire(w){var s=__read(w.p);if(s===w.s)return;var t=getTime(),lt=w.tl;w.s=s;w.tl=t;if(w.e=="both"||(w.e=="rising"&&s)||(w.e=="falling"&&!s)){if(!w.r)clearWatch(w.id);w.f({state:s,time:t,lastTime:lt});}}
function __lvl(p,l){__S.lvl[p]=l;__S.w.forEach(function(w){if(w.p===p)__fire(w);});}
E.enableWatchdog=function(s,a){__S.wd=s;__S.klast=getTime();print("@@w "+__t()+" "+s+" "+(a===undefined?1:a?1:0));};
E.kickWatchdog=function(){var t=getTime(),g=t-__S.klast;if(__S.kicks&&g>__S.kmax)__S.kmax=g;__S.klast=t;__S.kicks++;__x(t);};
I2C1.setup=function(o){print("@@p "+__t()+" -1 i2c "+JSON.stringify(o));};
I2C1.writeTo=function(a){var t=getTime();__S.i2c++;print("@@i "+a+" "+btoa(E.toString([].slice.call(arguments,1))));__x(t);};
var __s2=Serial2.setup;
Serial2.setup=function(b,o){o=o||{};o.path=__S.pty;print("@@u "+__t()+" "+b);__s2.call(Serial2,b,o);};
function __m(){var m=process.memory();print("@@m "+JSON.stringify({usage:m.usage,peak:m.peak,total:m.total,free:m.free,blocksize:m.blocksize,kicks:__S.kicks,kmax:Math.round(__S.kmax*1000),wd:__S.wd,i2c:__S.i2c,t:__t()}));}
`;
}
