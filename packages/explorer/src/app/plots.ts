// uPlot (about 50 KiB, canvas, built for streaming time series) for the plots: each is made once
// and given new columns as blocks arrive, so a plot costs no DOM churn per block.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Columns } from '../view/series.js';
import { h } from './dom.js';

export interface PlotSpec {
  readonly id: string;
  readonly title: string;
  readonly x: string;
  /** One label (with unit) per y column. */
  readonly series: readonly { label: string; color: string; bars?: boolean }[];
  readonly y: string;
}

const plots = new Map<string, { plot: uPlot; element: HTMLElement }>();

/** The plot's element, made on first use and kept: its data is replaced, the element stays. */
export function plot(spec: PlotSpec, data: Columns): HTMLElement {
  let entry = plots.get(spec.id);
  if (entry === undefined) {
    const element = h('figure', { class: 'plot', 'data-testid': `plot-${spec.id}` });
    const bars = uPlot.paths.bars?.({ size: [0.8, 8] });
    const options: uPlot.Options = {
      title: spec.title,
      width: 520,
      height: 200,
      scales: { x: { time: false } },
      axes: [{ label: spec.x }, { label: spec.y }],
      series: [
        { label: spec.x },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          points: { show: true, size: 4 },
          ...(s.bars === true && bars !== undefined ? { paths: bars, fill: `${s.color}55` } : {}),
        })),
      ],
    };
    const made = new uPlot(options, data as uPlot.AlignedData, element);
    entry = { plot: made, element };
    plots.set(spec.id, entry);
  } else entry.plot.setData(data as uPlot.AlignedData);
  entry.element.dataset.points = String(data[0].length);
  return entry.element;
}
