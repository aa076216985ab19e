using Clv.Probabilistic.Data;
using Clv.Probabilistic.MachineLearning;
using Clv.Probabilistic.Tests.Reporting;

namespace Clv.Probabilistic.Tests.MachineLearning;

/// <summary>The ML.NET baseline on CDNOW: the training split, determinism and sane predictions.</summary>
public sealed class GradientBoostedBaselineTests(CustomerBaseReportFixture cdnow) : IClassFixture<CustomerBaseReportFixture>
{
    [Fact]
    public void Training_split_lies_inside_calibration_with_half_of_it_as_label_window()
    {
        // CDNOW: 272 days from the first purchase (1997-01-01) to the calibration end, holdout 273 days, so L = 136 days.
        Assert.Equal(new DateOnly(1997, 5, 17), cdnow.Trees.FeatureEnd);
        Assert.Equal(136 / 7.0, cdnow.Trees.LabelWindow, 1e-12);
        Assert.Equal(2357, cdnow.Trees.TrainingCustomers); // the whole cohort had bought by the end of March
    }

    [Fact]
    public void Predictions_are_the_documented_ones_and_the_same_with_the_same_seed()
    {
        Assert.Equal(cdnow.Data.Count, cdnow.TreePredictions.Length);
        Assert.All(cdnow.TreePredictions, p => Assert.True(double.IsFinite(p), $"{p}"));
        // docs/model-checking.md, CDNOW: the trees predict 2,417.3 holdout purchases in all, MAE 0.942 (seed 42, one thread).
        var metrics = Clv.Probabilistic.Evaluation.ErrorMetrics.Compute(cdnow.TreePredictions, cdnow.Data.FrequencyHoldout);
        Assert.Equal(2417.3, metrics.TotalPredicted, 0.05);
        Assert.Equal(0.942, metrics.MeanAbsoluteError, 5e-4);
        var again = GradientBoostedBaseline.Train(cdnow.Log, Datasets.CdnowCalibrationEnd, cdnow.HoldoutDuration, TimeUnit.Weeks)
            .Predict(cdnow.Data.Calibration, cdnow.HoldoutDuration);
        Assert.Equal(cdnow.TreePredictions, again);
    }

    [Fact]
    public void Predictions_scale_with_the_holdout_length()
    {
        var half = cdnow.Trees.Predict(cdnow.Data.Calibration, cdnow.HoldoutDuration / 2);
        for (int i = 0; i < half.Length; i++) Assert.Equal(cdnow.TreePredictions[i] / 2, half[i], 1e-9);
    }

    [Fact]
    public void Heavier_buyers_are_predicted_to_buy_more_on_average()
    {
        var x = cdnow.Data.Calibration.Frequency;
        double light = 0, heavy = 0;
        int lightCount = 0, heavyCount = 0;
        for (int i = 0; i < x.Length; i++)
            if (x[i] == 0) { light += cdnow.TreePredictions[i]; lightCount++; }
            else if (x[i] >= 5) { heavy += cdnow.TreePredictions[i]; heavyCount++; }
        Assert.True(heavy / heavyCount > 3 * light / lightCount, $"heavy {heavy / heavyCount}, light {light / lightCount}");
    }

    [Fact]
    public void Wrong_time_unit_is_rejected()
    {
        var days = new RfmSummary(["a"], [1.0], [2.0], [3.0], default, TimeUnit.Days);
        Assert.Throws<ArgumentException>(() => cdnow.Trees.Predict(days, 1));
    }
}
