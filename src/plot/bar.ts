/** Grouped bar charts: one value per category and series, e.g. final loss per optimizer. */
import { Figure } from "./figure";
import { axis, baseLayout, colorFor } from "./theme";
import { fail, requirePositiveLogValues, requireString, toNumbers } from "./validate";

export interface BarOptions {
  title: string;
  categories: string[];
  series: { name: string; values: ArrayLike<number>; color?: string }[];
  xTitle: string;
  yTitle: string;
  logY?: boolean;
  /** Horizontal bars read better with long category names. */
  horizontal?: boolean;
  height?: number;
}

export function bar(options: BarOptions): Figure {
  const fn = "plot.bar";
  const title = requireString(fn, "title", options.title);
  const xTitle = requireString(fn, "xTitle", options.xTitle);
  const yTitle = requireString(fn, "yTitle", options.yTitle);
  const cats = options.categories;
  if (!Array.isArray(cats) || cats.length === 0 || cats.some((c) => typeof c !== "string")) {
    fail(fn, "categories", "a non-empty array of strings", cats);
  }
  if (!Array.isArray(options.series) || options.series.length === 0) fail(fn, "series", "a non-empty array of { name, values }", options.series);
  const data = options.series.map((s, k) => {
    requireString(fn, `series[${k}].name`, s.name);
    const v = toNumbers(fn, `series[${k}].values`, s.values);
    if (v.length !== cats.length) fail(fn, `series[${k}].values`, `${cats.length} values, one per category`, v.length);
    if (options.logY) requirePositiveLogValues(fn, `series[${k}].values`, v);
    return options.horizontal
      ? { type: "bar", orientation: "h", name: s.name, y: cats.slice(), x: v, marker: { color: s.color ?? colorFor(k) } }
      : { type: "bar", name: s.name, x: cats.slice(), y: v, marker: { color: s.color ?? colorFor(k) } };
  });
  const layout = baseLayout(title, options.height);
  layout.barmode = "group";
  const categoryAxis = axis({ title: xTitle });
  categoryAxis.type = "category";
  const valueAxis = axis({ title: yTitle, log: options.logY });
  layout.xaxis = options.horizontal ? valueAxis : categoryAxis;
  layout.yaxis = options.horizontal ? categoryAxis : valueAxis;
  if (options.horizontal) {
    (layout.xaxis as Record<string, unknown>).title = { text: yTitle };
    (layout.yaxis as Record<string, unknown>).title = { text: xTitle };
    (layout.yaxis as Record<string, unknown>).autorange = "reversed";
  }
  return new Figure(
    { data, layout },
    `"${title}": bars of ${yTitle} for ${cats.length} ${xTitle} value(s), series ${options.series.map((s) => s.name).join(", ")}`,
  );
}
