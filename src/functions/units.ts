/**
 * Unit conversions (convert_length, convert_mass, convert_volume, convert_temperature, convert_force,
 * convert_angle, convert_speed, convert_energy). Kusto uses the
 * UnitsNet library; the factors here are UnitsNet's definitions, as factors to the SI unit (metre,
 * kilogram, cubic metre) or, for temperature, affine maps to kelvin. Unit names are matched ignoring
 * case; an unknown unit gives null.
 */
import type { Value } from "../runtime/values.js";
import type { ScalarFunctionDef } from "./types.js";
import { stringReader } from "./util.js";

const LENGTH: Record<string, number> = {
  angstrom: 1e-10,
  astronomicalunit: 1.495978707e11,
  centimeter: 1e-2,
  chain: 20.1168,
  datamile: 1828.8,
  decameter: 10,
  decimeter: 0.1,
  dtppica: 1 / 236.220472441,
  dtppoint: 1 / 2834.64566929,
  fathom: 1.8288,
  foot: 0.3048,
  hand: 0.1016,
  hectometer: 100,
  inch: 0.0254,
  kilolightyear: 9.46073047258e18,
  kilometer: 1000,
  kiloparsec: 3.08567758128e19,
  lightyear: 9.46073047258e15,
  megalightyear: 9.46073047258e21,
  megaparsec: 3.08567758128e22,
  meter: 1,
  microinch: 2.54e-8,
  micrometer: 1e-6,
  mil: 2.54e-5,
  mile: 1609.344,
  millimeter: 1e-3,
  nanometer: 1e-9,
  nauticalmile: 1852,
  parsec: 3.08567758128e16,
  printerpica: 1 / 237.106301584,
  printerpoint: (1 / 72.27) * 2.54e-2,
  shackle: 27.432,
  solarradius: 6.9551e8,
  twip: 1 / 56692.913385826,
  ussurveyfoot: 1200 / 3937,
  yard: 0.9144,
};

const MASS: Record<string, number> = {
  centigram: 1e-5,
  decagram: 1e-2,
  decigram: 1e-4,
  earthmass: 5.9722e24,
  grain: 6.479891e-5,
  gram: 1e-3,
  hectogram: 0.1,
  kilogram: 1,
  kilopound: 453.59237,
  kilotonne: 1e6,
  longhundredweight: 50.80234544,
  longton: 1016.0469088,
  megapound: 453592.37,
  megatonne: 1e9,
  microgram: 1e-9,
  milligram: 1e-6,
  nanogram: 1e-12,
  ounce: 0.028349523125,
  pound: 0.45359237,
  shorthundredweight: 45.359237,
  shortton: 907.18474,
  slug: 1 / 6.85217658567918e-2,
  solarmass: 1.98947e30,
  stone: 6.35029318,
  tonne: 1000,
};

const USGAL = 0.00378541;
const IMPGAL = 0.00454609;
const CUFT = 0.0283168;

const VOLUME: Record<string, number> = {
  acrefoot: 1 / 0.000810714,
  autablespoon: 2e-5,
  boardfoot: 2.3597372158e-3,
  centiliter: 1e-5,
  cubiccentimeter: 1e-6,
  cubicdecimeter: 1e-3,
  cubicfoot: CUFT,
  cubichectometer: 1e6,
  cubicinch: 1.6387e-5,
  cubickilometer: 1e9,
  cubicmeter: 1,
  cubicmicrometer: 1e-18,
  cubicmile: 4.16818182544058e9,
  cubicmillimeter: 1e-9,
  cubicyard: 0.764554858,
  decaliter: 1e-2,
  decausgallon: 10 * USGAL,
  deciliter: 1e-4,
  deciusgallon: 0.1 * USGAL,
  hectocubicfoot: 100 * CUFT,
  hectocubicmeter: 100,
  hectoliter: 0.1,
  hectousgallon: 100 * USGAL,
  imperialbeerbarrel: 0.16365924,
  imperialgallon: IMPGAL,
  imperialounce: 2.84130625e-5,
  imperialpint: 5.6826125e-4,
  kilocubicfoot: 1000 * CUFT,
  kilocubicmeter: 1000,
  kiloimperialgallon: 1000 * IMPGAL,
  kiloliter: 1,
  kilousgallon: 1000 * USGAL,
  liter: 1e-3,
  megacubicfoot: 1e6 * CUFT,
  megaimperialgallon: 1e6 * IMPGAL,
  megaliter: 1000,
  megausgallon: 1e6 * USGAL,
  metriccup: 2.5e-4,
  metricteaspoon: 5e-6,
  microliter: 1e-9,
  milliliter: 1e-6,
  oilbarrel: 0.158987294928,
  uktablespoon: 1.5e-5,
  usbeerbarrel: 0.1173477658,
  uscustomarycup: 0.0002365882365,
  usgallon: USGAL,
  uslegalcup: 2.4e-4,
  usounce: 2.95735295625e-5,
  uspint: 4.73176473e-4,
  usquart: 9.46352946e-4,
  ustablespoon: 1.478676478125e-5,
  usteaspoon: 4.92892159375e-6,
};

const FORCE: Record<string, number> = {
  decanewton: 10,
  dyn: 1e-5,
  kilogramforce: 9.80665,
  kilonewton: 1e3,
  kilopond: 9.80665,
  kilopoundforce: 4448.2216152605,
  meganewton: 1e6,
  micronewton: 1e-6,
  millinewton: 1e-3,
  newton: 1,
  ounceforce: 0.278013851,
  poundal: 0.138254954376,
  poundforce: 4.4482216152605,
  shorttonforce: 8896.443230521,
  tonneforce: 9806.65,
};

const BTU = 1055.05585262;
const EV = 1.602176565e-19;
const ENERGY: Record<string, number> = {
  britishthermalunit: BTU,
  calorie: 4.184,
  decathermec: 10 * 105505585.262,
  decathermimperial: 10 * 1.05505585257348e8,
  decathermus: 10 * 1.054804e8,
  electronvolt: EV,
  erg: 1e-7,
  footpound: 1.355817948,
  gigabritishthermalunit: 1e9 * BTU,
  gigaelectronvolt: 1e9 * EV,
  gigajoule: 1e9,
  gigawattday: 1e9 * 86400,
  gigawatthour: 1e9 * 3600,
  horsepowerhour: 2.6845195377e6,
  joule: 1,
  kilobritishthermalunit: 1e3 * BTU,
  kilocalorie: 4184,
  kiloelectronvolt: 1e3 * EV,
  kilojoule: 1e3,
  kilowattday: 1e3 * 86400,
  kilowatthour: 3.6e6,
  megabritishthermalunit: 1e6 * BTU,
  megacalorie: 4.184e6,
  megaelectronvolt: 1e6 * EV,
  megajoule: 1e6,
  megawattday: 1e6 * 86400,
  megawatthour: 3.6e9,
  millijoule: 1e-3,
  teraelectronvolt: 1e12 * EV,
  terawattday: 1e12 * 86400,
  terawatthour: 3.6e15,
  thermec: 105505585.262,
  thermimperial: 1.05505585257348e8,
  thermus: 1.054804e8,
  wattday: 86400,
  watthour: 3600,
};

/** Angles in degrees (Tilt, the sine of the angle, is handled apart). */
const ANGLE: Record<string, number> = {
  arcminute: 1 / 60,
  arcsecond: 1 / 3600,
  centiradian: 1.8 / Math.PI,
  deciradian: 18 / Math.PI,
  degree: 1,
  gradian: 0.9,
  microdegree: 1e-6,
  microradian: 1.8e-4 / Math.PI,
  millidegree: 1e-3,
  milliradian: 0.18 / Math.PI,
  nanodegree: 1e-9,
  nanoradian: 1.8e-7 / Math.PI,
  natomil: 360 / 6400,
  radian: 180 / Math.PI,
  revolution: 360,
};

/** Speeds as [metres, seconds]: value * metres / seconds is metres per second. */
const SPEED_LENGTHS: Record<string, number> = {
  centimeter: 1e-2,
  decimeter: 0.1,
  foot: 0.3048,
  inch: 0.0254,
  kilometer: 1000,
  meter: 1,
  micrometer: 1e-6,
  millimeter: 1e-3,
  nanometer: 1e-9,
  ussurveyfoot: 1200 / 3937,
  yard: 0.9144,
};
const SPEED: Record<string, [number, number]> = { knot: [1852, 3600], mileperhour: [1609.344, 3600] };
for (const [name, metres] of Object.entries(SPEED_LENGTHS)) {
  SPEED[`${name}persecond`] = [metres, 1];
  SPEED[`${name}perminute`] = [metres, 60];
  SPEED[`${name}perhour`] = [metres, 3600];
}
// Units the reference does not list.
for (const missing of ["decimeterperhour", "micrometerperhour", "nanometerperhour"]) delete SPEED[missing];

/** Temperature units as [to kelvin, from kelvin]. */
const TEMPERATURE: Record<string, [(v: number) => number, (k: number) => number]> = {
  degreecelsius: [(v) => v + 273.15, (k) => k - 273.15],
  degreedelisle: [(v) => v * (-2 / 3) + 373.15, (k) => (k - 373.15) * (-3 / 2)],
  degreefahrenheit: [(v) => (v * 5) / 9 + (459.67 * 5) / 9, (k) => (k * 9) / 5 - 459.67],
  degreenewton: [(v) => (v * 100) / 33 + 273.15, (k) => ((k - 273.15) * 33) / 100],
  degreerankine: [(v) => (v * 5) / 9, (k) => (k * 9) / 5],
  degreereaumur: [(v) => (v * 5) / 4 + 273.15, (k) => ((k - 273.15) * 4) / 5],
  degreeroemer: [(v) => (v * 40) / 21 + 273.15 - (7.5 * 40) / 21, (k) => ((k - 273.15) * 21) / 40 + 7.5],
  kelvin: [(v) => v, (k) => k],
  millidegreecelsius: [(v) => v / 1000 + 273.15, (k) => (k - 273.15) * 1000],
  solartemperature: [(v) => v * 5778, (k) => k / 5778],
};

function unitNames(table: Record<string, unknown>): string {
  return `${Object.keys(table).length} units`;
}

function converter(quantity: string, convert: (v: number, from: string, to: string) => number | null, units: string): ScalarFunctionDef {
  return {
    name: `convert_${quantity}`,
    category: "conversion",
    description: `Converts a ${quantity} value from one unit to another (UnitsNet names such as the reference lists, ${units}, case-insensitive); null for an unknown unit.`,
    params: [
      { name: "value", kind: "real" },
      { name: "from", kind: "string" },
      { name: "to", kind: "string" },
    ],
    returns: "real",
    resultNaming: "none",
    bind: (args) => {
      const rf = stringReader(args[1]);
      const rt = stringReader(args[2]);
      return (a) => {
        const v = a[0];
        if (typeof v !== "number") return null;
        return convert(v, rf(a[1] as Value).toLowerCase(), rt(a[2] as Value).toLowerCase());
      };
    },
  };
}

function byFactor(table: Record<string, number>): (v: number, from: string, to: string) => number | null {
  return (v, from, to) => {
    if (!Object.hasOwn(table, from) || !Object.hasOwn(table, to)) return null;
    if (from === to) return v;
    return (v * table[from]!) / table[to]!;
  };
}

function convertAngle(v: number, from: string, to: string): number | null {
  const known = (u: string) => u === "tilt" || Object.hasOwn(ANGLE, u);
  if (!known(from) || !known(to)) return null;
  if (from === to) return v;
  const degrees = from === "tilt" ? (Math.asin(v) * 180) / Math.PI : v * ANGLE[from]!;
  return to === "tilt" ? Math.sin((degrees * Math.PI) / 180) : degrees / ANGLE[to]!;
}

function convertSpeed(v: number, from: string, to: string): number | null {
  if (!Object.hasOwn(SPEED, from) || !Object.hasOwn(SPEED, to)) return null;
  if (from === to) return v;
  const [mf, sf] = SPEED[from]!;
  const [mt, st] = SPEED[to]!;
  return (((v * mf) / sf) * st) / mt;
}

export const UNIT_FUNCTIONS: ScalarFunctionDef[] = [
  converter("force", byFactor(FORCE), unitNames(FORCE)),
  converter("energy", byFactor(ENERGY), unitNames(ENERGY)),
  converter("angle", convertAngle, `${Object.keys(ANGLE).length + 1} units`),
  converter("speed", convertSpeed, unitNames(SPEED)),
  converter("length", byFactor(LENGTH), unitNames(LENGTH)),
  converter("mass", byFactor(MASS), unitNames(MASS)),
  converter("volume", byFactor(VOLUME), unitNames(VOLUME)),
  converter(
    "temperature",
    (v, from, to) => {
      if (!Object.hasOwn(TEMPERATURE, from) || !Object.hasOwn(TEMPERATURE, to)) return null;
      if (from === to) return v;
      return TEMPERATURE[to]![1](TEMPERATURE[from]![0](v));
    },
    unitNames(TEMPERATURE),
  ),
];
