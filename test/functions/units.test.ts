import { both } from "./helpers.js";

const conv = (q: string, v: number | null, from: string, to: string) => both(`convert_${q}`, [v, "real"], [from, "string"], [to, "string"]);

describe("convert_length / convert_mass / convert_volume", () => {
  test("factors", () => {
    expect(conv("length", 1, "Mile", "Foot")).toBeCloseTo(5280, 9);
    expect(conv("length", 12, "Inch", "Foot")).toBeCloseTo(1, 12);
    expect(conv("length", 1, "Kilometer", "Meter")).toBe(1000);
    expect(conv("length", 1, "Parsec", "LightYear")).toBeCloseTo(3.2616, 3);
    expect(conv("length", 1, "usSurveyFoot", "Foot")).toBeCloseTo(1.000002, 6);
    expect(conv("mass", 1, "Stone", "Pound")).toBeCloseTo(14, 9);
    expect(conv("mass", 16, "Ounce", "Pound")).toBeCloseTo(1, 12);
    expect(conv("mass", 1, "Tonne", "Kilogram")).toBe(1000);
    expect(conv("volume", 1, "UsGallon", "UsQuart")).toBeCloseTo(4, 5);
    expect(conv("volume", 1, "CubicMeter", "Liter")).toBe(1000);
    expect(conv("volume", 2, "Liter", "Liter")).toBe(2);
  });
  test("null for unknown units or null values; names ignore case", () => {
    expect(conv("length", 1, "Meter", "Furlong")).toBeNull();
    expect(conv("length", 1, "", "Meter")).toBeNull();
    expect(conv("length", 1, "toString", "Meter")).toBeNull();
    expect(conv("mass", null, "Gram", "Gram")).toBeNull();
    expect(conv("length", 1, "meter", "CENTIMETER")).toBe(100);
  });
});

describe("convert_temperature", () => {
  test("affine conversions", () => {
    expect(conv("temperature", 100, "DegreeCelsius", "DegreeFahrenheit")).toBeCloseTo(212, 9);
    expect(conv("temperature", 32, "DegreeFahrenheit", "Kelvin")).toBeCloseTo(273.15, 9);
    expect(conv("temperature", 0, "Kelvin", "DegreeRankine")).toBe(0);
    expect(conv("temperature", 100, "DegreeCelsius", "DegreeDelisle")).toBeCloseTo(0, 9);
    expect(conv("temperature", 0, "DegreeCelsius", "DegreeDelisle")).toBeCloseTo(150, 9);
    expect(conv("temperature", 100, "DegreeCelsius", "DegreeNewton")).toBeCloseTo(33, 9);
    expect(conv("temperature", 100, "DegreeCelsius", "DegreeReaumur")).toBeCloseTo(80, 9);
    expect(conv("temperature", 100, "DegreeCelsius", "DegreeRoemer")).toBeCloseTo(60, 9);
    expect(conv("temperature", 1500, "MillidegreeCelsius", "DegreeCelsius")).toBeCloseTo(1.5, 9);
    expect(conv("temperature", -40, "DegreeFahrenheit", "DegreeCelsius")).toBeCloseTo(-40, 9);
  });
  test("unknown unit", () => {
    expect(conv("temperature", 1, "Celsius", "Kelvin")).toBeNull();
  });
});

describe("convert_force / convert_angle / convert_speed", () => {
  test("factors", () => {
    expect(conv("force", 1, "KilogramForce", "Newton")).toBeCloseTo(9.80665, 12);
    expect(conv("force", 1, "PoundForce", "Poundal")).toBeCloseTo(32.174, 3);
    expect(conv("force", 1e5, "Dyn", "Newton")).toBeCloseTo(1, 12);
    expect(conv("angle", 1, "Revolution", "Degree")).toBe(360);
    expect(conv("angle", Math.PI, "Radian", "Degree")).toBeCloseTo(180, 12);
    expect(conv("angle", 100, "Gradian", "Degree")).toBeCloseTo(90, 12);
    expect(conv("angle", 6400, "NatoMil", "Revolution")).toBeCloseTo(1, 12);
    expect(conv("angle", 0.5, "Tilt", "Degree")).toBeCloseTo(30, 12);
    expect(conv("angle", 90, "Degree", "Tilt")).toBeCloseTo(1, 12);
    expect(conv("speed", 1, "Knot", "KilometerPerHour")).toBeCloseTo(1.852, 12);
    expect(conv("speed", 60, "MilePerHour", "MilePerHour")).toBe(60);
    expect(conv("speed", 1, "MeterPerSecond", "KilometerPerHour")).toBeCloseTo(3.6, 12);
    expect(conv("speed", 3, "FootPerSecond", "YardPerSecond")).toBeCloseTo(1, 12);
    expect(conv("energy", 1, "KilowattHour", "Joule")).toBe(3.6e6);
    expect(conv("energy", 1, "Kilocalorie", "Calorie")).toBeCloseTo(1000, 9);
    expect(conv("energy", 24, "WattHour", "WattDay")).toBeCloseTo(1, 12);
    expect(conv("energy", 1, "Joule", "Erg")).toBeCloseTo(1e7, 3);
    expect(conv("energy", 1, "Joule", "Kilojoules")).toBeNull();
  });
  test("unknown units give null", () => {
    expect(conv("force", 1, "Newton", "Pond")).toBeNull();
    expect(conv("angle", 1, "Degrees", "Radian")).toBeNull();
    expect(conv("speed", 1, "DecimeterPerHour", "Knot")).toBeNull();
    expect(conv("speed", 1, "MeterPerDay", "Knot")).toBeNull();
  });
});
