using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Reporting;
using Clv.Probabilistic.Reporting.Plots;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>Small deterministic inputs for every chart, shaped like what the models will feed them.</summary>
internal static class ReportingSamples
{
    public static readonly string[] ChartNames =
        ["heatmap", "tracking-cumulative", "tracking-incremental", "calibration", "period-transactions",
         "clv-linear", "clv-log", "trace", "density", "trace-draws", "survival"];

    public static Chart Create(string name) => name switch
    {
        "heatmap" => Heatmap(),
        "tracking-cumulative" => Tracking(TrackingView.Cumulative),
        "tracking-incremental" => Tracking(TrackingView.Incremental),
        "calibration" => CalibrationPlot.Create(
            ["0", "1", "2", "3", "4", "5", "6", "7+"],
            [0.24, 0.70, 1.39, 1.60, 2.48, 2.34, 3.85, 5.71],
            [0.23, 0.85, 1.37, 1.95, 2.51, 3.03, 3.58, 5.19]),
        "period-transactions" => PeriodTransactionsPlot.Create(
            ["0", "1", "2", "3", "4", "5", "6", "7+"],
            [1411, 439, 214, 100, 62, 38, 29, 64],
            [1431.1, 407.9, 200.1, 112.4, 67.6, 42.5, 27.5, 68.0]),
        "clv-linear" => ClvDistributionPlot.Create(ClvValues()),
        "clv-log" => ClvDistributionPlot.Create(ClvValues(), logScale: true),
        "trace" => TracePlot.Create("r", Chains()),
        "density" => DensityPlot.Create("alpha", Chains()),
        "trace-draws" => TracePlot.Create(Draws(), "alpha"),
        "survival" => SurvivalPlot.Create(
            [("regular", [1, 0.631, 0.468, 0.382, 0.326, 0.289, 0.262, 0.241]), ("high end", [1, 0.869, 0.743, 0.653, 0.593, 0.551, 0.517, 0.491])],
            [1, 0.587, 0.424, 0.337, 0.282, 0.244, 0.216, 0.194, 0.177, 0.163, 0.151, 0.141, 0.132], 0, "Survival S(t)", observationEnd: 7),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such sample chart."),
    };

    /// <summary>P(alive)-like surface: rises with recency, falls with frequency at low recency.</summary>
    public static Chart Heatmap()
    {
        double[] frequencies = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        double[] recencies = Enumerable.Range(0, 40).Select(j => j * 1.0).ToArray();
        var values = new double[frequencies.Length, recencies.Length];
        for (int i = 0; i < frequencies.Length; i++)
            for (int j = 0; j < recencies.Length; j++)
                values[i, j] = 1 / (1 + frequencies[i] * Math.Exp(-0.15 * recencies[j]));
        return FrequencyRecencyHeatmap.Create(frequencies, recencies, values, "P(alive)", (0, 1));
    }

    public static Chart Tracking(TrackingView view)
    {
        double[] weeks = Enumerable.Range(1, 78).Select(w => (double)w).ToArray();
        double[] predicted = weeks.Select(w => 60 + 40 * Math.Min(w, 12) / 12 - 0.3 * Math.Max(0, w - 12)).ToArray();
        double[] actual = weeks.Select((w, i) => predicted[i] * (1 + 0.15 * Math.Sin(w * 1.3))).ToArray();
        return TrackingPlot.Create(weeks, actual, predicted, view, calibrationEnd: 39);
    }

    public static double[] ClvValues(int count = 2000, int seed = 7)
    {
        var random = new Xoshiro256StarStar(seed);
        var values = new double[count];
        LogNormal.Samples(random, values, 3.5, 1.2);
        for (int i = 0; i < count; i += 10) values[i] = 0;
        return values;
    }

    public static double[][] Chains(int chainCount = 4, int length = 500, int seed = 11)
    {
        var random = new Xoshiro256StarStar(seed);
        var chains = new double[chainCount][];
        for (int c = 0; c < chainCount; c++)
        {
            chains[c] = new double[length];
            Normal.Samples(random, chains[c], 4.4 + 0.05 * c, 0.3);
        }
        return chains;
    }

    public static ParameterDraws Draws()
    {
        var chains = Chains(chainCount: 2, length: 300);
        var values = new double[2 * 2 * 300];
        var chainIndex = new int[2 * 300];
        for (int d = 0; d < chainIndex.Length; d++)
        {
            int c = d % 2;
            chainIndex[d] = c;
            values[2 * d] = 0.24 + 0.01 * chains[c][d / 2];
            values[2 * d + 1] = chains[c][d / 2];
        }
        return new ParameterDraws(["r", "alpha"], values, chainIndex);
    }
}
