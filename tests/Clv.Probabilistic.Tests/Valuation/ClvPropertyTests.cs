using Clv.Probabilistic.Data;
using Clv.Probabilistic.Tests.Models.GammaGamma;
using Clv.Probabilistic.Valuation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Property = FsCheck.Property;
using PropertyAttribute = FsCheck.Xunit.PropertyAttribute;

namespace Clv.Probabilistic.Tests.Valuation;

public class ClvPropertyTests
{
    private static readonly RfmSummary Customers = TestCustomers.Create(TimeUnit.Weeks);

    private sealed record Case(double Mu, int Months, double Rate, double Margin, DiscountingKind Kind);

    private static Gen<Case> Cases() =>
        from mu in Gen.Frequency((1, Gen.Constant(0.0)), (3, Generators.LogUniform(1e-3, 5)))
        from months in Gen.Choose(1, 60)
        from rate in Generators.Uniform(0, 0.2)
        from margin in Generators.Uniform(0.01, 1)
        from kind in Gen.Elements(DiscountingKind.Discrete, DiscountingKind.Continuous)
        select new Case(mu, months, rate, margin, kind);

    private static ClvResult Value(Case c, double? months = null, double? rate = null, double? margin = null) =>
        CustomerLifetimeValue.Compute(new DecayingPoissonModel(TimeUnit.Weeks, c.Mu), new ShiftedMeanSpendModel(), Customers,
            new ClvOptions(months ?? c.Months, TimeUnit.Months, DiscountRate.PerMonth(rate ?? c.Rate), c.Kind, margin ?? c.Margin));

    private static bool AllPairs(ClvResult a, ClvResult b, Func<double, double, bool> holds)
    {
        for (int i = 0; i < a.Count; i++)
            if (!holds(a.Values[i], b.Values[i])) return false;
        return true;
    }

    [Property(MaxTest = 60)]
    public Property ValueIsNonDecreasingInTheHorizon() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
            AllPairs(Value(c), Value(c, months: c.Months + 1), (shorter, longer) => longer >= shorter * (1 - 1e-14)));

    [Property(MaxTest = 60)]
    public Property ValueDecreasesAsTheDiscountRateRises() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
            AllPairs(Value(c), Value(c, rate: c.Rate + 0.01), (low, high) => high < low));

    [Property(MaxTest = 60)]
    public Property ValueIsLinearInTheMargin() =>
        Prop.ForAll(Cases().ToArbitrary(), Generators.Uniform(0, 3).ToArbitrary(), (c, factor) =>
            AllPairs(Value(c), Value(c, margin: c.Margin * factor),
                (one, scaled) => Math.Abs(scaled - factor * one) <= 1e-13 * Math.Abs(factor * one)));

    [Property(MaxTest = 40)]
    public Property SameCalendarHorizonAndRateGiveTheSameValueWithAWeeklyOrAMonthlyModel() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            // The monthly model is the weekly one rescaled: μ per month = μ per week × (days per month / 7); λ = (x+1)/T
            // rescales with T. The horizon (c.Months months) and the rate (per year) are stated in calendar units.
            double weeksPerMonth = TimeUnit.Months.DaysPerUnit / TimeUnit.Weeks.DaysPerUnit;
            var options = new ClvOptions(c.Months, TimeUnit.Months, DiscountRate.PerYear(c.Rate), c.Kind, c.Margin);
            var weekly = CustomerLifetimeValue.Compute(new DecayingPoissonModel(TimeUnit.Weeks, c.Mu), new ShiftedMeanSpendModel(),
                TestCustomers.Create(TimeUnit.Weeks), options);
            var monthly = CustomerLifetimeValue.Compute(new DecayingPoissonModel(TimeUnit.Months, c.Mu * weeksPerMonth), new ShiftedMeanSpendModel(),
                TestCustomers.Create(TimeUnit.Months), options);
            return AllPairs(weekly, monthly, (w, m) => Math.Abs(w - m) <= 1e-11 * Math.Abs(w));
        });
}
