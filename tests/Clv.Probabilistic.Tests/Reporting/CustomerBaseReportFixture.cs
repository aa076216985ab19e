using Clv.Probabilistic.Data;
using Clv.Probabilistic.MachineLearning;
using Clv.Probabilistic.Models;
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
        Purchases = ModelFitter.Fit(BgNbdDefinition.Instance, Data.Calibration);
        Spend = ModelFitter.Fit(GammaGammaDefinition.Instance, Data.Calibration);
        Cohort = CohortTracking.FromLog(Log, Datasets.CdnowCalibrationEnd, Datasets.CdnowObservationEnd, TimeUnit.Weeks);
        HoldoutDuration = Data.CommonHoldoutDuration();
        Trees = GradientBoostedBaseline.Train(Log, Datasets.CdnowCalibrationEnd, HoldoutDuration, TimeUnit.Weeks);
        TreePredictions = Trees.Predict(Data.Calibration, HoldoutDuration);
        Report = CustomerBaseReport.Build(Purchases, Data, Spend, Cohort, new CustomerBaseReportOptions
        {
            Subtitle = "CDNOW",
            Baselines = [new BaselinePredictions("Gradient-boosted trees (ML.NET)", TreePredictions, Trees.Description)],
        });
        Html = Report.ToHtml();
    }

    public TransactionLog Log { get; }
    public CalibrationHoldoutSummary Data { get; }
    public ModelFit<BgNbdParameters, BgNbdModel> Purchases { get; }
    public BgNbdModel Model => Purchases.Model;
    public ModelFit<GammaGammaParameters, GammaGammaSpendModel> Spend { get; }
    public CohortTracking Cohort { get; }
    public double HoldoutDuration { get; }
    public GradientBoostedBaseline Trees { get; }
    public double[] TreePredictions { get; }
    public CustomerBaseReport Report { get; }
    public string Html { get; }
}
