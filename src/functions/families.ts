/**
 * The family modules gathered for the registry. Each family module exports its entries; adding a
 * function is one entry in its module.
 */
import type { AggregateFunctionDef, ScalarFunctionDef } from "./types.js";
import { LOGIC_FUNCTIONS } from "./logic.js";
import { CONVERSION_FUNCTIONS } from "./conversion.js";
import { DATETIME_FUNCTIONS } from "./datetime.js";
import { IP_FUNCTIONS } from "./ip.js";
import { IPV6_FUNCTIONS } from "./ipv6.js";
import { ENCODING_FUNCTIONS } from "./encoding.js";
import { UNIT_FUNCTIONS } from "./units.js";
import { TIMEZONE_FUNCTIONS } from "./timezone.js";
import { STATS_FUNCTIONS } from "./stats.js";
import { HASH_FUNCTIONS } from "./hash.js";
import { MATH_FUNCTIONS } from "./math.js";
import { STRING_FUNCTIONS } from "./string.js";
import { DYNAMIC_FUNCTIONS } from "./dynamic.js";
import { SERIES_FUNCTIONS } from "./series.js";
import { SERIES_PERIOD_FUNCTIONS } from "./series-periods.js";
import { SERIES_FIT_FUNCTIONS } from "./series-fit.js";
import { PACK_ALL_FUNCTIONS } from "./pack-all.js";
import { AGGREGATE_FUNCTIONS_LIST } from "./aggregates.js";
import { BIT_AGGREGATES } from "./aggregates-bits.js";
import { COVARIANCE_AGGREGATES } from "./aggregates-covariance.js";
import { PERCENTILE_AGGREGATES } from "./aggregates-percentiles.js";
import { SKETCH_AGGREGATES, SKETCH_FUNCTIONS } from "./sketches.js";
import { withArgumentCoercion } from "./coerce-args.js";

/** Arguments are converted to their declared parameter types (see coerce-args.ts). */
export const SCALAR_FAMILIES: ScalarFunctionDef[][] = [
  LOGIC_FUNCTIONS,
  CONVERSION_FUNCTIONS,
  STRING_FUNCTIONS,
  DATETIME_FUNCTIONS,
  MATH_FUNCTIONS,
  IP_FUNCTIONS,
  IPV6_FUNCTIONS,
  ENCODING_FUNCTIONS,
  UNIT_FUNCTIONS,
  TIMEZONE_FUNCTIONS,
  STATS_FUNCTIONS,
  HASH_FUNCTIONS,
  DYNAMIC_FUNCTIONS,
  SERIES_FUNCTIONS,
  SERIES_PERIOD_FUNCTIONS,
  SERIES_FIT_FUNCTIONS,
  PACK_ALL_FUNCTIONS,
  SKETCH_FUNCTIONS,
].map((family) => family.map(withArgumentCoercion));

export const AGGREGATE_FAMILIES: AggregateFunctionDef[][] = [AGGREGATE_FUNCTIONS_LIST, BIT_AGGREGATES, COVARIANCE_AGGREGATES, PERCENTILE_AGGREGATES, SKETCH_AGGREGATES];
