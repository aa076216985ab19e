using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Data.Covariates;
using Clv.Probabilistic.Inference;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Models.BgNbd;
using Clv.Probabilistic.Models.Covariates;
using Clv.Probabilistic.Models.GammaGamma;
using Clv.Probabilistic.Models.ParetoNbd;
using Clv.Probabilistic.Models.ShiftedBetaGeometric;
using Xunit;

namespace Clv.Probabilistic.Tests.Models.Covariates;

/// <summary>Fitting with covariates: recovery from simulation, per-customer predictions, tests, penalties, Bayesian methods.</summary>
public sealed class CovariateFitTests
{
    /// <summary>Customers "1".."n" with a 0/1 covariate and a three-level categorical one.</summary>
    private static CovariateTable Table(int n)
    {
        var ids = Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var flag = Enumerable.Range(0, n).Select(i => (i % 2).ToString(CultureInfo.InvariantCulture)).ToArray();
        var tier = Enumerable.Range(0, n).Select(i => (i / 2 % 3) switch { 0 => "bronze", 1 => "gold", _ => "silver" }).ToArray();
        return CovariateTable.FromText(ids, [("flag", flag), ("tier", tier)]);
    }

    private static void AssertRecovered(ModelFit fit, double[] truth)
    {
        Assert.Equal(FitStatus.Converged, fit.Status);
        for (int j = 0; j < truth.Length; j++)
            Assert.True(Math.Abs(fit.Values[j] - truth[j]) <= 4 * fit.Estimates[j].StandardError,
                $"{fit.Definition.Parameters.Names[j]}: {fit.Values[j]} vs {truth[j]} (SE {fit.Estimates[j].StandardError})");
    }

    public static TheoryData<string, double[]> Truths => new()
    {
        { "pareto-nbd", [0.55, 10.6, 0.61, 11.7, 0.5, -0.3, 0.4, -0.4, 0.6, 0.2] },
        { "bgnbd", [0.24, 4.4, 0.79, 2.4, 0.5, -0.3, 0.4, -0.4, 0.6, 0.2] },
    };

    [Theory]
    [MemberData(nameof(Truths))]
    public void SimulatedCoefficientsAreRecoveredWithinFourStandardErrors(string model, double[] truth)
    {
        const int n = 24_000;
        var definition = CovariateDefinition.Create(ModelRegistry.Get(model), Table(n));
        Assert.Equal(["trans.flag", "trans.tier[gold]", "trans.tier[silver]", "life.flag", "life.tier[gold]", "life.tier[silver]"],
            definition.Parameters.Names.Skip(4));
        var simulator = (CovariatePurchaseModel)definition.CreateModel(truth, TimeUnit.Weeks);
        var lengths = Enumerable.Range(0, n).Select(i => 30 + 48.0 * (i % 97) / 97).ToArray();
        var summary = simulator.Simulate(lengths, 3).Summary;
        var fit = ModelFitter.Fit(definition, summary);
        AssertRecovered(fit, truth);
    }

    [Fact]
    public void SpendCoefficientIsRecoveredWithinFourStandardErrors()
    {
        const int n = 20_000;
        var definition = CovariateDefinition.Create(GammaGammaDefinition.Instance, Table(n));
        double[] truth = [6.25, 3.74, 15.4, 0.5, -0.3, 0.3];
        var frequency = Enumerable.Range(0, n).Select(i => 1.0 + i % 7).ToArray();
        var spend = ((CovariateSpendModel)definition.CreateModel(truth, TimeUnit.Weeks)).SimulateMeanSpend(frequency, 9);
        var ids = Enumerable.Range(1, n).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var summary = new RfmSummary(ids, frequency, frequency, frequency.Select(f => f + 1).ToArray(), spend, TimeUnit.Weeks);
        var fit = ModelFitter.Fit(definition, summary);
        AssertRecovered(fit, truth);
    }

    [Fact]
    public void PredictionsUseEachCustomersOwnParameters()
    {
        var summary = Datasets.ApparelSummary();
        var definition = CovariateDefinition.Create(ParetoNbdDefinition.Instance, Datasets.ApparelStaticCovariates());
        double[] values = [1.84, 93.0, 0.59, 49.5, 0.29, 0.62, -0.64, 0.79];
        var model = (CovariatePurchaseModel)definition.CreateModel(values, TimeUnit.Weeks);
        var alive = new double[summary.Count];
        var expected = new double[summary.Count];
        model.ProbabilityAlive(summary, alive);
        model.ConditionalExpectedPurchases(summary, 52, expected);
        var ids = summary.CustomerIds;
        for (int i = 0; i < summary.Count; i += 37)
        {
            var z = definition.Covariates.Row(definition.Covariates.RequireRow(ids[i]));
            var own = new ParetoNbdModel(ParetoNbdDefinition.Instance.CreateParameters(definition.CustomerParameters(values, z)), TimeUnit.Weeks);
            var one = new RfmSummary([ids[i]], [summary.Frequency[i]], [summary.Recency[i]], [summary.T[i]], default, TimeUnit.Weeks);
            var a = new double[1];
            var e = new double[1];
            own.ProbabilityAlive(one, a);
            own.ConditionalExpectedPurchases(one, 52, e);
            Assert.Equal(a[0], alive[i], 1e-14);
            Assert.Equal(e[0], expected[i], 1e-12 * Math.Max(1, e[0]));
            Assert.Same(model.ForCustomer(ids[i]).GetType(), own.GetType());
        }
    }

    [Fact]
    public void ClvAndDertUseEachCustomersOwnParameters()
    {
        var summary = Datasets.ApparelSummary();
        var ids = summary.CustomerIds;
        var money = Enumerable.Range(0, summary.Count).Select(i => summary.Frequency[i] > 0 ? 20.0 + i % 50 : 0.0).ToArray();
        summary = new RfmSummary(ids, summary.Frequency, summary.Recency, summary.T, money, TimeUnit.Weeks);
        var table = Datasets.ApparelStaticCovariates();
        var purchases = CovariateDefinition.Create(ParetoNbdDefinition.Instance, table);
        var spend = CovariateDefinition.Create(GammaGammaDefinition.Instance, table);
        double[] pv = [1.84, 93.0, 0.59, 49.5, 0.29, 0.62, -0.64, 0.79], sv = [6.2, 3.7, 15.4, 0.2, -0.3];
        var purchaseModel = (IDiscountedResidualPurchases)purchases.CreateModel(pv, TimeUnit.Weeks);
        var spendModel = (ISpendModel)spend.CreateModel(sv, TimeUnit.Weeks);
        var options = Clv.Probabilistic.Valuation.ClvOptions.Monthly(12, Clv.Probabilistic.Valuation.DiscountRate.PerMonth(0.01));
        var clv = Clv.Probabilistic.Valuation.CustomerLifetimeValue.Compute(purchaseModel, spendModel, summary, options);
        var dert = new double[summary.Count];
        purchaseModel.DiscountedExpectedResidualPurchases(summary, 0.002, dert);
        for (int i = 0; i < summary.Count; i += 41)
        {
            var z = purchases.Covariates.Row(purchases.Covariates.RequireRow(ids[i]));
            var own = purchases.Model.CreatePurchaseModel(purchases.CustomerParameters(pv, z), TimeUnit.Weeks);
            var ownSpend = spend.Model.CreateSpendModel(spend.CustomerParameters(sv, z));
            var one = new RfmSummary([ids[i]], [summary.Frequency[i]], [summary.Recency[i]], [summary.T[i]], [money[i]], TimeUnit.Weeks);
            var expected = Clv.Probabilistic.Valuation.CustomerLifetimeValue.Compute(own, ownSpend, one, options);
            Assert.Equal(expected.Values[0], clv.Values[i], 1e-12 * Math.Max(1, expected.Values[0]));
            var d = new double[1];
            ((IDiscountedResidualPurchases)own).DiscountedExpectedResidualPurchases(one, 0.002, d);
            Assert.Equal(d[0], dert[i], 1e-12 * Math.Max(1, d[0]));
        }
    }

    [Fact]
    public void PredictiveSimulationAgreesWithExpectationsInEachCovariateGroup()
    {
        var summary = Datasets.ApparelSummary();
        var table = Datasets.ApparelStaticCovariates();
        var fit = ModelFitter.Fit(CovariateDefinition.Create(ParetoNbdDefinition.Instance, table), summary);
        var options = new Clv.Probabilistic.Valuation.Intervals.IntervalOptions { Horizon = 104, MaxDraws = 400 };
        var credible = Clv.Probabilistic.Valuation.Intervals.PredictionIntervals.Compute(fit, null, summary, options);
        var predictive = Clv.Probabilistic.Valuation.Intervals.PredictionIntervals.Predictive(fit, null, summary, options);
        var ids = summary.CustomerIds;
        var sums = new Dictionary<string, (double Expected, double Simulated)>();
        for (int i = 0; i < summary.Count; i++)
        {
            int row = table.RowOf(ids[i]);
            string key = table.Value(row, 0) + table.Value(row, 1);
            var (e, m) = sums.GetValueOrDefault(key);
            sums[key] = (e + credible.ExpectedPurchases!.Mean[i], m + predictive.FuturePurchases!.Mean[i]);
        }
        Assert.Equal(4, sums.Count);
        foreach (var (key, (expected, simulated)) in sums)
            Assert.True(Math.Abs(simulated - expected) <= 0.05 * expected, $"group {key}: simulated {simulated}, expected {expected}");
    }

    [Fact]
    public void DiscreteCoefficientsAreRecoveredAndPredictionsArePerCustomer()
    {
        const int n = 30_000;
        var definition = CovariateDefinition.Create(Clv.Probabilistic.Models.BgBb.BgBbDefinition.Instance, Table(n));
        double[] truth = [1.2, 0.75, 0.66, 2.78, 0.4, -0.3, 0.2, -0.5, 0.3, 0.4];
        var simulator = (CovariateDiscretePurchaseModel)definition.CreateModel(truth, TimeUnit.Years);
        var simulated = simulator.Simulate(Enumerable.Repeat(6, n).ToArray(), 5, holdoutPeriods: 5);
        var fit = ModelFitter.Fit(definition, simulated.Calibration);
        AssertRecovered(fit, truth);

        var model = (CovariateDiscretePurchaseModel)fit.Definition.CreateModel(fit.Values.ToArray(), TimeUnit.Years);
        var expected = new double[n];
        model.ConditionalExpectedTransactions(simulated.Calibration, 5, expected);
        var ids = simulated.Calibration.CustomerIds;
        for (int i = 0; i < n; i += 997)
        {
            var own = model.ForCustomer(ids[i]);
            var one = CustomerGroups.Subset(simulated.Calibration, [i]);
            var e = new double[1];
            own.ConditionalExpectedTransactions(one, 5, e);
            Assert.Equal(e[0], expected[i], 1e-13 * Math.Max(1, e[0]));
        }
        double predicted = expected.Sum(), observed = simulated.FrequencyHoldout.ToArray().Sum();
        Assert.True(Math.Abs(predicted - observed) <= 0.03 * observed, $"holdout: predicted {predicted}, simulated {observed}");
    }

    [Fact]
    public void CustomerParametersFollowThePublishedLinks()
    {
        var definition = CovariateDefinition.Create(BgNbdDefinition.Instance, Datasets.ApparelStaticCovariates());
        double[] values = [0.5, 10, 0.8, 2.5, 0.3, 0.6, -0.6, 0.8];
        var own = definition.CustomerParameters(values, [1, 1]);
        Assert.Equal(0.5, own[0]);
        Assert.Equal(10 * Math.Exp(-(0.3 + 0.6)), own[1], 1e-14);
        Assert.Equal(0.8 * Math.Exp(-0.6 + 0.8), own[2], 1e-14);
        Assert.Equal(2.5 * Math.Exp(-0.6 + 0.8), own[3], 1e-14);
    }

    [Fact]
    public void LikelihoodRatioTestsRefitWithoutEachColumn()
    {
        var summary = Datasets.ApparelSummary();
        var fit = (CovariateModelFit)ModelFitter.Fit(CovariateDefinition.Create(ParetoNbdDefinition.Instance, Datasets.ApparelStaticCovariates()), summary);
        var tests = CovariateLikelihoodRatio.ForEachColumn(fit, summary);
        Assert.Equal(["Gender", "Channel"], tests.Select(t => t.Column));
        foreach (var t in tests)
        {
            Assert.Equal(2, t.Test.DegreesOfFreedom);
            Assert.Equal(["r", "alpha", "s", "beta", $"trans.{(t.Column == "Gender" ? "Channel" : "Gender")}", $"life.{(t.Column == "Gender" ? "Channel" : "Gender")}"],
                t.Restricted.Definition.Parameters.Names);
            Assert.Equal(2 * (fit.LogLikelihood!.Value - t.Restricted.LogLikelihood!.Value), t.Test.Statistic, 1e-9);
            Assert.Equal(Math.Exp(-t.Test.Statistic / 2), t.Test.PValue, 1e-12);
        }
        var none = ModelFitter.Fit(ParetoNbdDefinition.Instance, summary);
        var both = ((CovariateDefinition)fit.Covariates.Without("Gender")).Without("Channel");
        Assert.Same(ParetoNbdDefinition.Instance, both);
        Assert.True(none.LogLikelihood < tests[0].Restricted.LogLikelihood);
    }

    [Fact]
    public void CoefficientTableGivesWaldTests()
    {
        var fit = (CovariateModelFit)ModelFitter.Fit(CovariateDefinition.Create(ParetoNbdDefinition.Instance, Datasets.ApparelStaticCovariates()),
            Datasets.ApparelSummary());
        var table = fit.CoefficientTable();
        Assert.Equal(["trans.Gender", "trans.Channel", "life.Gender", "life.Channel"], table.Select(t => t.Parameter));
        foreach (var row in table)
        {
            int j = fit.Definition.Parameters.IndexOf(row.Parameter);
            Assert.Equal(fit.Values[j] / fit.Estimates[j].StandardError, row.Z, 1e-12);
            Assert.Equal(MathNet.Numerics.SpecialFunctions.Erfc(Math.Abs(row.Z) / Math.Sqrt(2)), row.PValue, 1e-12);
        }
    }

    [Fact]
    public void PenaltyShrinksTheCoefficientsAndIsReportedApartFromTheLikelihood()
    {
        var summary = Datasets.ApparelSummary();
        var definition = CovariateDefinition.Create(ParetoNbdDefinition.Instance, Datasets.ApparelStaticCovariates());
        var free = ModelFitter.Fit(definition, summary);
        var penalised = ModelFitter.Fit(definition, summary, FitOptions.Default with { ParameterPenalties = definition.Penalties(transaction: 0, lifetime: 1e6) });
        Assert.True(penalised.IsPenalized);
        Assert.Equal(definition.Penalties(0, 1e6), penalised.ParameterPenalties);
        Assert.InRange(Math.Abs(penalised.Values[6]) + Math.Abs(penalised.Values[7]), 0, 1e-5);
        Assert.True(Math.Abs(penalised.Values[4]) > 0.1);
        Assert.True(penalised.LogLikelihood < free.LogLikelihood);
        Assert.True(penalised.Objective <= penalised.LogLikelihood);
        var density = definition.LogLikelihood(definition.Prepare(summary));
        Assert.Equal(density.Evaluate(definition.Parameters.ToUnconstrained(penalised.Values.ToArray()), new double[8]), penalised.LogLikelihood!.Value, 1e-9);
    }

    [Fact]
    public void LaplaceAndNutsFitWithPriorsOnTheCoefficients()
    {
        var summary = Datasets.ApparelSummary();
        var definition = CovariateDefinition.Create(ParetoNbdDefinition.Instance, Datasets.ApparelStaticCovariates());
        var data = definition.Prepare(summary);
        Assert.All(definition.DefaultPriors(data).Skip(4), p => Assert.Equal(new Clv.Probabilistic.Inference.Priors.NormalPrior(0, 2.5), p));
        var mle = ModelFitter.Fit(definition, data);
        var laplace = ModelFitter.Fit(definition, data, FitOptions.Default with { Method = FitMethod.Laplace });
        Assert.Equal(FitStatus.Converged, laplace.Status);
        var nuts = ModelFitter.Fit(definition, data, FitOptions.Default with
        {
            Method = FitMethod.Nuts,
            Sampler = FitOptions.DefaultSampler with { Chains = 2, Draws = 300, Warmup = 300 },
        });
        Assert.Equal(FitStatus.Converged, nuts.Status);
        for (int j = 4; j < 8; j++)
        {
            Assert.True(Math.Abs(laplace.Values[j] - mle.Values[j]) < 0.5 * mle.Estimates[j].StandardError, $"Laplace {j}");
            Assert.True(Math.Abs(nuts.Values[j] - mle.Values[j]) < 0.5 * mle.Estimates[j].StandardError, $"NUTS {j}");
        }
    }

    [Fact]
    public void ModelsWithoutLinksAndUnknownNamesAreRefused()
    {
        var table = Datasets.ApparelStaticCovariates();
        var sbg = Assert.Throws<ArgumentException>(() => CovariateDefinition.Create(SbgDefinition.Instance, table));
        Assert.StartsWith("sBG ('sbg') takes no static covariates; the models that do: bgnbd, gamma-gamma, mbgnbd, pareto-nbd, ggomnbd, bgbb", sbg.Message);
        var unknown = Assert.Throws<ArgumentException>(() => CovariateDefinition.Create(ParetoNbdDefinition.Instance, table, new CovariateSpecification { Lifetime = ["Age"] }));
        Assert.StartsWith("No covariate 'Age'; the covariates are: Gender, Channel", unknown.Message);
        var spend = Assert.Throws<ArgumentException>(() => CovariateDefinition.Create(ParetoNbdDefinition.Instance, table, new CovariateSpecification { Spend = ["Gender"] }));
        Assert.StartsWith("Pareto/NBD has no spend process, but covariates were named for it (Gender)", spend.Message);
        var single = Assert.Throws<ArgumentException>(() => CovariateDefinition.Create(ParetoNbdDefinition.Instance, table,
            new CovariateSpecification { Lifetime = ["Channel"], Constrained = ["Gender"] }));
        Assert.StartsWith("Covariate 'Gender' is constrained equal across processes but acts on fewer than two", single.Message);
    }

    [Fact]
    public void CustomerWithoutCovariatesIsNamed()
    {
        var summary = Datasets.ApparelSummary();
        var table = CovariateTable.Read(new StringReader("Id,Gender\n1,0\n2,1\n"), "cov.csv", "Id");
        var definition = CovariateDefinition.Create(ParetoNbdDefinition.Instance, table);
        var e = Assert.Throws<ClvDataException>(() => definition.Prepare(summary));
        Assert.Equal("cov.csv, customer '3': The customer has no covariates: every customer to fit or score needs a row.", e.Message);
    }

    [Fact]
    public void CovariatesOfCustomersTheSummaryLacksAreNamed()
    {
        var summary = Datasets.ApparelSummary();
        var text = "Id,Gender\n" + string.Join("\n", summary.CustomerIds.Select((id, i) => $"{id},{i % 2}")) + "\n0001,1\n";
        var table = CovariateTable.Read(new StringReader(text), "cov.csv", "Id");
        var e = Assert.Throws<ClvDataException>(() => CovariateDefinition.Create(ParetoNbdDefinition.Instance, table).Prepare(summary));
        Assert.Equal("cov.csv, line 602, customer '0001': 1 customer of the covariates is not in the summary (the first here): check that both files write the ids the same way, or drop those rows.", e.Message);
    }

    [Fact]
    public void CollinearCovariatesAreRefusedByName()
    {
        var summary = Datasets.ApparelSummary();
        var source = Datasets.ApparelStaticCovariates();
        var ids = source.CustomerIds;
        var gender = Enumerable.Range(0, source.Count).Select(i => source.Value(i, 0)).ToArray();
        var flipped = gender.Select(g => g == "0" ? "1" : "0").ToArray();
        var table = CovariateTable.FromText(ids, [("Gender", gender), ("Other", flipped)]);
        var e = Assert.Throws<ClvDataException>(() => CovariateDefinition.Create(ParetoNbdDefinition.Instance, table).Prepare(summary));
        Assert.Equal("column 'Other': Covariate 'Other' on the transaction process is constant or perfectly collinear with the covariates before it over the 600 fitted customers, so its coefficient is not identified: drop it, or merge levels.", e.Message);
    }
}
