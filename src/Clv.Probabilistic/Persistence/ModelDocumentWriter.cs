using System.Text;
using System.Text.Json;

namespace Clv.Probabilistic.Persistence;

/// <summary>
/// Writes <see cref="ModelDocument"/> with hand-written code over <see cref="Utf8JsonWriter"/> (precompiled with the
/// framework, where System.Text.Json's generated writer compiles converters generic over the document's types in every
/// new process): the same text as the serializer with the documented options (indented, snake_case field names, absent
/// values left out, numbers in shortest round-trip form). A document the writer cannot write (a number that is not
/// finite) is written by the generated serializer, which fails as before.
/// </summary>
internal static class ModelDocumentWriter
{
    /// <summary>The JSON text of <paramref name="document"/> in UTF-8 (no byte-order mark).</summary>
    public static byte[] Write(ModelDocument document)
    {
        try
        {
            using var stream = new MemoryStream(2048);
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                Document(writer, document);
            return stream.ToArray();
        }
#pragma warning disable CA1031 // the generated serializer writes the document again and fails as it always did
        catch (Exception)
#pragma warning restore CA1031
        {
            return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document, ModelDocumentJsonWriter.Default.ModelDocument));
        }
    }

    private static void Document(Utf8JsonWriter writer, ModelDocument d)
    {
        writer.WriteStartObject();
        Text(writer, "format"u8, d.Format);
        writer.WriteNumber("format_version"u8, d.FormatVersion);
        Text(writer, "model"u8, d.Model);
        Text(writer, "time_unit"u8, d.TimeUnit);
        writer.WriteNumber("time_unit_days"u8, d.TimeUnitDays);
        Text(writer, "method"u8, d.Method);
        Text(writer, "status"u8, d.Status);
        Text(writer, "problem"u8, d.Problem);
        Map(writer, "parameters"u8, d.Parameters);
        Map(writer, "standard_errors"u8, d.StandardErrors);
        Number(writer, "log_likelihood"u8, d.LogLikelihood);
        Number(writer, "objective"u8, d.Objective);
        Number(writer, "penalty"u8, d.Penalty);
        Number(writer, "confidence_level"u8, d.ConfidenceLevel);
        if (d.Fit is { } fit)
        {
            writer.WriteStartObject("fit"u8);
            writer.WriteBoolean("converged"u8, fit.Converged);
            writer.WriteNumber("iterations"u8, fit.Iterations);
            writer.WriteNumber("gradient_norm"u8, fit.GradientNorm);
            writer.WriteNumber("customers"u8, fit.Customers);
            Text(writer, "status"u8, fit.Status);
            writer.WriteEndObject();
        }
        if (d.Data is { } data)
        {
            writer.WriteStartObject("data"u8);
            writer.WriteNumber("customers"u8, data.Customers);
            writer.WriteNumber("rows"u8, data.Rows);
            writer.WriteNumber("compressed_rows"u8, data.CompressedRows);
            writer.WriteNumber("excluded_customers"u8, data.ExcludedCustomers);
            writer.WriteEndObject();
        }
        NumberRows(writer, "unconstrained_covariance"u8, d.UnconstrainedCovariance);
        Number(writer, "draw_seed"u8, d.DrawSeed);
        Number(writer, "draw_count"u8, d.DrawCount);
        if (d.Draws is { } draws)
        {
            writer.WriteStartObject("draws"u8);
            Texts(writer, "names"u8, draws.Names);
            NumberRows(writer, "values"u8, draws.Values);
            if (draws.Chains is { } chains)
            {
                writer.WriteStartArray("chains"u8);
                for (int i = 0; i < chains.Count; i++) writer.WriteNumberValue(chains[i]);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        if (d.Diagnostics is { } diagnostics)
        {
            writer.WriteStartObject("diagnostics"u8);
            Map(writer, "r_hat"u8, diagnostics.RHat);
            Map(writer, "ess_bulk"u8, diagnostics.EssBulk);
            Map(writer, "ess_tail"u8, diagnostics.EssTail);
            writer.WriteNumber("divergences"u8, diagnostics.Divergences);
            Texts(writer, "warnings"u8, diagnostics.Warnings);
            writer.WriteEndObject();
        }
        Map(writer, "parameter_penalties"u8, d.ParameterPenalties);
        if (d.Covariates is { } covariates)
        {
            writer.WriteStartObject("covariates"u8);
            if (covariates.Columns is { } columns)
            {
                writer.WriteStartArray("columns"u8);
                for (int i = 0; i < columns.Count; i++)
                {
                    if (columns[i] is not { } column)
                    {
                        writer.WriteNullValue();
                        continue;
                    }
                    writer.WriteStartObject();
                    Text(writer, "column"u8, column.Column);
                    Text(writer, "reference_level"u8, column.ReferenceLevel);
                    Texts(writer, "levels"u8, column.Levels);
                    writer.WriteNumber("centre"u8, column.Centre);
                    writer.WriteNumber("scale"u8, column.Scale);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            Texts(writer, "transaction"u8, covariates.Transaction);
            Texts(writer, "lifetime"u8, covariates.Lifetime);
            Texts(writer, "spend"u8, covariates.Spend);
            Texts(writer, "constrained"u8, covariates.Constrained);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    // Absent (null) values are left out, as the serializer's WhenWritingNull does; null elements of a list are written.

    private static void Text(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }

    private static void Number(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
    }

    private static void Number(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
    }

    private static void Map(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, double>? map)
    {
        if (map is null) return;
        writer.WriteStartObject(name);
        foreach (var (key, value) in map) writer.WriteNumber(key, value);
        writer.WriteEndObject();
    }

    private static void Texts(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string>? texts)
    {
        if (texts is null) return;
        writer.WriteStartArray(name);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is { } text) writer.WriteStringValue(text);
            else writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }

    private static void NumberRows(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<IReadOnlyList<double>>? rows)
    {
        if (rows is null) return;
        writer.WriteStartArray(name);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not { } row)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartArray();
            for (int j = 0; j < row.Count; j++) writer.WriteNumberValue(row[j]);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }
}
