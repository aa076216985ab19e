using System.Globalization;
using Clv.Probabilistic.Data;
using Clv.Probabilistic.Evaluation;
using Clv.Probabilistic.Models;
using Clv.Probabilistic.Reporting.CustomerBase;
using Clv.Probabilistic.Valuation;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// <c>clv report --json</c>: what the page shows, for a program: <c>{"data", "customers", "calibration_end",
/// "observation_end", "time_unit", "valuation": {...}, "value", "total_value": {"quantity", "estimate", "mean", "lower",
/// "upper", "level", "draws"} | null, "total_expected_value", "segment_rules": {...}, "segments": [{"segment",
/// "lifecycle", "tier", "customers", "share", "total_expected_value", "mean_expected_value", "mean_holdout_purchases"}],
/// "holdout": {...}, "purchase_model": {clv fit --json}, "spend_model": {...} | null, "report_file"}</c>.
/// </summary>
internal static class ReportJson
{
    public static string Write(CustomerBaseReport report, CalibrationHoldoutSummary data, string dataName, DateOnly calibrationEnd,
        DateOnly observationEnd, ModelFit purchases, ModelFit? spend, ClvOptions valuation, SegmentationOptions segmentation, string path) =>
        JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("data", dataName);
            w.WriteNumber("customers", data.Calibration.TotalWeight);
            w.WriteString("calibration_end", calibrationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("observation_end", observationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("time_unit", data.Calibration.TimeUnit.Name);

            w.WriteStartObject("valuation");
            w.WriteNumber("horizon", valuation.Horizon);
            w.WriteString("horizon_unit", valuation.Period.Name);
            w.WriteNumber("discount_rate", valuation.DiscountRate.Rate);
            w.WriteString("discount_unit", valuation.DiscountRate.Period.Name);
            w.WriteString("discounting", valuation.Discounting.ToString().ToLowerInvariant());
            w.WriteNumber("margin", valuation.Margin);
            w.WriteEndObject();

            w.WriteString("value", report.ValueIsMonetary ? "clv" : "expected_purchases");
            if (report.TotalValue is { } total)
            {
                w.WriteStartObject("total_value");
                w.WriteString("quantity", total.Quantity);
                JsonText.Number(w, "estimate", total.Estimate);
                JsonText.Number(w, "mean", total.Mean);
                JsonText.Number(w, "lower", total.Lower);
                JsonText.Number(w, "upper", total.Upper);
                w.WriteNumber("level", total.Level);
                w.WriteNumber("draws", total.Draws);
                w.WriteEndObject();
            }
            else w.WriteNull("total_value");
            JsonText.Number(w, "total_expected_value", report.Segments.Sum(s => s.TotalExpectedValue));

            w.WriteStartObject("segment_rules");
            w.WriteNumber("new_customer_age", segmentation.NewCustomerAge);
            w.WriteString("new_customer_age_unit", data.Calibration.TimeUnit.Name);
            w.WriteNumber("active_p_alive_at_least", segmentation.ActiveThreshold);
            w.WriteNumber("at_risk_p_alive_at_least", segmentation.AtRiskThreshold);
            w.WriteNumber("top_share", segmentation.TopShare);
            w.WriteNumber("middle_share", segmentation.MiddleShare);
            w.WriteEndObject();

            w.WriteStartArray("segments");
            foreach (var row in report.Segments)
            {
                w.WriteStartObject();
                w.WriteString("segment", row.Segment.ToString());
                w.WriteString("lifecycle", row.Segment.Lifecycle.ToString());
                w.WriteString("tier", row.Segment.Tier.ToString());
                w.WriteNumber("customers", row.Customers);
                w.WriteNumber("share", row.Share);
                JsonText.Number(w, "total_expected_value", row.TotalExpectedValue);
                JsonText.Number(w, "mean_expected_value", row.MeanExpectedValue);
                JsonText.Number(w, "mean_holdout_purchases", row.MeanHoldoutPurchases);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartObject("holdout");
            w.WriteNumber("duration", data.CommonHoldoutDuration());
            JsonText.Number(w, "purchases_actual", report.Evaluation.Purchases.TotalActual);
            JsonText.Number(w, "purchases_predicted", report.Evaluation.Purchases.TotalPredicted);
            w.WriteEndObject();

            w.WritePropertyName("purchase_model");
            ModelReport.WriteJson(w, purchases, modelFile: null);
            w.WritePropertyName("spend_model");
            if (spend is null) w.WriteNullValue();
            else ModelReport.WriteJson(w, spend, modelFile: null);
            w.WriteString("report_file", StandardStreams.Describe(path));
            w.WriteEndObject();
        });
}
