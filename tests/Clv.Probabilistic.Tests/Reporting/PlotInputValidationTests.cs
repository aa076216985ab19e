using Clv.Probabilistic.Reporting.Plots;

namespace Clv.Probabilistic.Tests.Reporting;

public sealed class PlotInputValidationTests
{
    private static readonly double[] Three = [1, 2, 3];
    private static readonly double[] Two = [1, 2];
    private static readonly double[] WithNaN = [1, double.NaN, 3];
    private static readonly string[] Labels3 = ["0", "1", "2+"];

    [Fact]
    public void Tracking_rejects_mismatched_lengths_naming_the_argument()
    {
        var e = Assert.Throws<ArgumentException>(() => TrackingPlot.Create(Three, Two, Three, TrackingView.Cumulative));
        Assert.Equal("actual", e.ParamName);
        Assert.Contains("2 values", e.Message);
        Assert.Equal("predicted", Assert.Throws<ArgumentException>(() => TrackingPlot.Create(Three, Three, Two, TrackingView.Incremental)).ParamName);
    }

    [Fact]
    public void Tracking_rejects_NaN_naming_argument_and_index()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TrackingPlot.Create(Three, Three, WithNaN, TrackingView.Cumulative));
        Assert.Equal("predicted", e.ParamName);
        Assert.Contains("predicted[1]", e.Message);
        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => TrackingPlot.Create(WithNaN, Three, Three, TrackingView.Cumulative)).ParamName);
        Assert.Equal("times", Assert.Throws<ArgumentException>(() => TrackingPlot.Create([1, 3, 2], Three, Three, TrackingView.Cumulative)).ParamName);
        Assert.Equal("actual", Assert.Throws<ArgumentOutOfRangeException>(() => TrackingPlot.Create(Three, [1, -1, 1], Three, TrackingView.Cumulative)).ParamName);
        Assert.Equal("calibrationEnd", Assert.Throws<ArgumentOutOfRangeException>(() => TrackingPlot.Create(Three, Three, Three, TrackingView.Cumulative, double.NaN)).ParamName);
    }

    [Fact]
    public void Survival_rejects_bad_cohorts_and_model_curves_naming_the_argument()
    {
        Assert.Equal("model", Assert.Throws<ArgumentOutOfRangeException>(() => SurvivalPlot.Create([("a", Two)], WithNaN, 0, "S(t)")).ParamName);
        Assert.Equal("cohorts", Assert.Throws<ArgumentOutOfRangeException>(() => SurvivalPlot.Create([("a", WithNaN)], Three, 0, "S(t)")).ParamName);
        var e = Assert.Throws<ArgumentException>(() => SurvivalPlot.Create([("a", Three)], Two, 0, "S(t)"));
        Assert.Equal("cohorts", e.ParamName);
        Assert.Contains("'a' has 3 values but the model curve only 2", e.Message);
        Assert.Equal("cohorts", Assert.Throws<ArgumentException>(() => SurvivalPlot.Create([], Three, 0, "S(t)")).ParamName);
        Assert.Equal("observationEnd", Assert.Throws<ArgumentOutOfRangeException>(() => SurvivalPlot.Create([("a", Two)], Three, 0, "S(t)", double.PositiveInfinity)).ParamName);
    }

    [Fact]
    public void Calibration_and_period_transactions_reject_bad_input()
    {
        Assert.Equal("meanPredicted", Assert.Throws<ArgumentException>(() => CalibrationPlot.Create(Labels3, Three, Two)).ParamName);
        Assert.Equal("meanActual", Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationPlot.Create(Labels3, WithNaN, Three)).ParamName);
        Assert.Equal("categories", Assert.Throws<ArgumentException>(() => CalibrationPlot.Create([], [], [])).ParamName);
        Assert.Equal("observed", Assert.Throws<ArgumentException>(() => PeriodTransactionsPlot.Create(Labels3, Two, Three)).ParamName);
        Assert.Equal("expected", Assert.Throws<ArgumentOutOfRangeException>(() => PeriodTransactionsPlot.Create(Labels3, Three, WithNaN)).ParamName);
        Assert.Equal("bins", Assert.Throws<ArgumentException>(() => PeriodTransactionsPlot.Create(["0", null!, "2"], Three, Three)).ParamName);
    }

    [Fact]
    public void Heatmap_rejects_wrong_shape_NaN_and_uneven_grids()
    {
        double[] grid = [0, 1, 2];
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => FrequencyRecencyHeatmap.Create(grid, grid, new double[3, 2], "E[X]")).ParamName);
        var values = new double[3, 3];
        values[2, 1] = double.NaN;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FrequencyRecencyHeatmap.Create(grid, grid, values, "E[X]"));
        Assert.Equal("values", e.ParamName);
        Assert.Contains("values[2, 1]", e.Message);
        Assert.Equal("recencies", Assert.Throws<ArgumentException>(() => FrequencyRecencyHeatmap.Create(grid, [0, 1, 3], new double[3, 3], "E[X]")).ParamName);
        Assert.Equal("frequencies", Assert.Throws<ArgumentOutOfRangeException>(() => FrequencyRecencyHeatmap.Create([0, double.PositiveInfinity], grid, new double[2, 3], "E[X]")).ParamName);
        Assert.Equal("colorRange", Assert.Throws<ArgumentOutOfRangeException>(() => FrequencyRecencyHeatmap.Create(grid, grid, new double[3, 3], "E[X]", (1, 0))).ParamName);
    }

    [Fact]
    public void Clv_distribution_rejects_NaN_and_all_nonpositive_on_log_scale()
    {
        Assert.Equal("values", Assert.Throws<ArgumentOutOfRangeException>(() => ClvDistributionPlot.Create(WithNaN)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ClvDistributionPlot.Create([0, -1], logScale: true)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ClvDistributionPlot.Create([])).ParamName);
        Assert.Equal("binCount", Assert.Throws<ArgumentOutOfRangeException>(() => ClvDistributionPlot.Create(Three, binCount: 0)).ParamName);
    }

    [Fact]
    public void Trace_and_density_reject_bad_chains()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TracePlot.Create("r", [Three, WithNaN]));
        Assert.Equal("chains[1]", e.ParamName);
        Assert.Equal("chains", Assert.Throws<ArgumentException>(() => TracePlot.Create("r", [Three, []])).ParamName);
        Assert.Equal("chains", Assert.Throws<ArgumentException>(() => TracePlot.Create("r", [])).ParamName);
        Assert.Equal("chains", Assert.Throws<ArgumentException>(() => DensityPlot.Create("r", [[5, 5], [5, 5, 5]])).ParamName);
        Assert.Equal("chains", Assert.Throws<ArgumentException>(() => DensityPlot.Create("r", [[1]])).ParamName);
        Assert.Throws<KeyNotFoundException>(() => TracePlot.Create(ReportingSamples.Draws(), "beta"));
    }

    [Fact]
    public void Density_of_a_stuck_chain_beside_a_moving_one_still_renders()
    {
        var chart = DensityPlot.Create("r", [[0.2, 0.2, 0.2, 0.2], [0.1, 0.3, 0.25, 0.15, 0.22]]);
        ImageChecks.AssertNotBlank(chart.ToPng(), "density with a stuck chain");
    }
}
