namespace Clv.Probabilistic.Reporting.Html;

/// <summary>The report's inline style sheet: system fonts only, readable on screen, plain in print.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1d232a; --muted: #5b6570; --rule: #d5dae0; --band: #f4f6f8; --accent: #1f77b4; --warn: #b26a00; --warn-bg: #fff6e0; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #ffffff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
        main { max-width: 1040px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
        header { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; }
        h1 { font-size: 1.9rem; margin: 0 0 0.25rem; }
        .subtitle { color: var(--muted); margin: 0 0 0.75rem; }
        h2 { font-size: 1.4rem; margin: 2.25rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
        nav ol { margin: 0 0 1rem; padding-left: 1.5rem; }
        nav a { color: var(--accent); text-decoration: none; }
        .table-wrap { overflow-x: auto; margin: 1rem 0; }
        table { border-collapse: collapse; font-size: 0.92rem; min-width: 40%; }
        caption { text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
        th, td { padding: 0.35rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid var(--ink); }
        tbody tr:nth-child(even) { background: var(--band); }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .nonfinite { color: #b00020; font-weight: 600; }
        dl.key-values { display: grid; grid-template-columns: max-content max-content; gap: 0.25rem 1.5rem; margin: 1rem 0; }
        dl.key-values dt { font-weight: 600; }
        dl.key-values dd { margin: 0; font-variant-numeric: tabular-nums; }
        .warning { border-left: 5px solid var(--warn); background: var(--warn-bg); padding: 0.75rem 1rem; margin: 1rem 0; }
        .warning strong { color: var(--warn); }
        figure { margin: 1.5rem 0; }
        figure svg, figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
        figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.4rem; }
        @media print {
          body { font-size: 11pt; }
          main { max-width: none; padding: 0; }
          nav { display: none; }
          h2, h3 { break-after: avoid; }
          figure, table, dl, .warning { break-inside: avoid; }
          tbody tr:nth-child(even) { background: none; }
          .warning { background: none; }
          figure svg, figure img { border: none; }
        }

        """;
}
