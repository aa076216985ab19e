using Clv.Probabilistic.Data;
using Clv.Probabilistic.MachineLearning;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Reporting.CustomerBase;

namespace Clv.Probabilistic.Tests.Reporting;

/// <summary>The CDNOW sample fitted once (BG/NBD, Gamma-Gamma, ML.NET baseline) and its report built once, for every test.</summary>
public sealed class CustomerBaseReportFixture
{
    public CustomerBaseReportFixture()
    {
        Log = Datasets.CdnowSample();
        Data = RfmSummarizer.SummarizeCalibrationHoldout(Log, Datasets.CdnowCalibrationEnd,
            new SummaryOptions(Datasets.CdnowObservationEnd, TimeUnit.Weeks));
        Model = BgNbdModel.Fit(Data.Calibration);
        Spend = GammaGammaFitter.Fit(Data.Calibration);
        Cohort = CohortTracking.FromLog(Log, Datasets.CdnowCalibrationEnd, Datasets.CdnowObservationEnd, TimeUnit.Weeks);
        HoldoutDuration = HoldoutEvaluation.CommonHoldoutDuration(Data);
        Trees = GradientBoostedBaseline.Train(Log, Datasets.CdnowCalibrationEnd, HoldoutDuration, TimeUnit.Weeks);
        TreePredictions = Trees.Predict(Data.Calibration, HoldoutDuration);
        Report = CustomerBaseReport.Build(Model, Data, Spend, Cohort, new CustomerBaseReportOptions
        {
            Subtitle = "CDNOW",
            Baselines = [new BaselinePredictions("Gradient-boosted trees (ML.NET)", TreePredictions, Trees.Description)],
        });
        Html = Report.ToHtml();
    }

    public TransactionLog Log { get; }
    public CalibrationHoldoutSummary Data { get; }
    public BgNbdModel Model { get; }
    public GammaGammaFit Spend { get; }
    public CohortTracking Cohort { get; }
    public double HoldoutDuration { get; }
    public GradientBoostedBaseline Trees { get; }
    public double[] TreePredictions { get; }
    public CustomerBaseReport Report { get; }
    public string Html { get; }
}
