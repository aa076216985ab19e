using System.CommandLine;
using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary>
/// The valuation options of <c>clv report</c>: horizon, discount rate and its period, discounting kind and margin, with
/// the defaults of <c>clv demo</c> (12 months, 1% a month at the end of each month, margin 1).
/// </summary>
internal sealed class ValuationOptions
{
    public static readonly ClvOptions Default = ClvOptions.Monthly(12, DiscountRate.PerMonth(0.01));

    private readonly Option<double> _horizon = new("--horizon") { Description = "Valuation horizon, in --horizon-unit periods (default 12).", DefaultValueFactory = _ => Default.Horizon };
    private readonly Option<string> _horizonUnit = new("--horizon-unit") { Description = "Unit of --horizon: days, weeks, months or years (default months).", DefaultValueFactory = _ => Default.Period.Name };
    private readonly Option<double> _discountRate = new("--discount-rate") { Description = "Discount rate per --discount-unit period (default 0.01).", DefaultValueFactory = _ => Default.DiscountRate.Rate };
    private readonly Option<string?> _discountUnit = new("--discount-unit") { Description = "Period of --discount-rate (default: --horizon-unit)." };
    private readonly Option<double> _margin = new("--margin") { Description = "Profit margin applied to expected revenue (default 1).", DefaultValueFactory = _ => Default.Margin };
    private readonly Option<bool> _continuous = new("--continuous") { Description = "Discount continuously instead of at the end of each --horizon-unit period." };

    public IEnumerable<Option> All => [_horizon, _horizonUnit, _discountRate, _discountUnit, _margin, _continuous];

    /// <summary>The options as given, checked: a specific error for each value out of range.</summary>
    public ClvOptions Read(ParseResult parse)
    {
        double horizon = parse.GetValue(_horizon);
        var period = TimeUnit.Parse(parse.GetValue(_horizonUnit)!);
        var rateUnit = parse.GetValue(_discountUnit) is { } text ? TimeUnit.Parse(text) : period;
        double rate = parse.GetValue(_discountRate);
        double margin = parse.GetValue(_margin);
        var kind = parse.GetValue(_continuous) ? DiscountingKind.Continuous : DiscountingKind.Discrete;
        if (!(horizon > 0) || !double.IsFinite(horizon)) throw new ArgumentException(Invariant($"--horizon: {horizon} is not a finite horizon > 0."));
        if (!(rate >= 0) || !double.IsFinite(rate)) throw new ArgumentException(Invariant($"--discount-rate: {rate} is not a finite rate ≥ 0 (0.01 is 1%)."));
        if (!(margin >= 0) || !double.IsFinite(margin)) throw new ArgumentException(Invariant($"--margin: {margin} is not a finite margin ≥ 0."));
        if (kind == DiscountingKind.Discrete && Math.Abs(horizon - Math.Round(horizon)) > 1e-9 * horizon)
            throw new ArgumentException(Invariant($"--horizon {horizon} {period.Name} is not a whole number of periods, which per-period discounting needs: use a whole horizon or --continuous."));
        return new ClvOptions(horizon, period, new DiscountRate(rate, rateUnit), kind, margin);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
