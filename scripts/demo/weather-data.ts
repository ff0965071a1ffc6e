import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * The demo's datasets, cut by date from vega-datasets' seattle-weather.csv (Seattle daily
 * weather 2012–2015: precipitation, temp_max, temp_min, wind and the observed weather type).
 * The model learns from 2012–2013, is smoke-tested on 2014 and watched on 2015.
 */
export interface WeatherSplits {
  /** 2012–2013: what the models are trained on, and the drift reference. */
  train: string;
  /** 2014: held-out days for the smoke test (the models never saw them). */
  sample: string;
  /** 2015: "production" data for the drift monitor. */
  production: string;
  /** June–August 2015: a summer-only window, which must look drifted against whole years. */
  summer: string;
}

export const WEATHER_COLUMNS = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];

/** Writes the four CSV files into `dir` (same header as the source) and returns their paths. */
export async function writeWeatherSplits(sourceCsv: string, dir: string): Promise<WeatherSplits> {
  const [header, ...lines] = (await fs.readFile(sourceCsv, 'utf8')).trim().split(/\r?\n/);
  if (header.trim() !== WEATHER_COLUMNS.join(',')) {
    throw new Error(
      `${sourceCsv}: unexpected header '${header}' (want ${WEATHER_COLUMNS.join(',')}).`,
    );
  }
  // ISO dates compare as strings, so a window is a half-open string range.
  const between = (from: string, to: string) => lines.filter((l) => l >= from && l < to);
  const files: Record<keyof WeatherSplits, { name: string; rows: string[] }> = {
    train: { name: 'train-2012-2013.csv', rows: between('2012-01-01', '2014-01-01') },
    sample: { name: 'sample-2014.csv', rows: between('2014-01-01', '2015-01-01') },
    production: { name: 'production-2015.csv', rows: between('2015-01-01', '2016-01-01') },
    summer: { name: 'summer-2015.csv', rows: between('2015-06-01', '2015-09-01') },
  };
  await fs.mkdir(dir, { recursive: true });
  const out = {} as WeatherSplits;
  for (const [key, { name, rows }] of Object.entries(files) as [
    keyof WeatherSplits,
    { name: string; rows: string[] },
  ][]) {
    if (rows.length === 0) throw new Error(`${sourceCsv}: no rows for ${name}.`);
    out[key] = path.join(dir, name);
    await fs.writeFile(out[key], [header, ...rows].join('\n') + '\n');
  }
  return out;
}
