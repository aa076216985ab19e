using System.Globalization;

namespace Clv.Probabilistic.Data.Covariates;

/// <summary>How one covariate column becomes numbers: as itself (optionally standardised) or as dummies.</summary>
/// <param name="Column">The column in the covariate table.</param>
/// <param name="ReferenceLevel">For a categorical column, the level every dummy is measured against; null for a numeric column.</param>
/// <param name="Levels">For a categorical column, the other levels in order, one dummy <c>Column[level]</c> each; empty for a numeric column.</param>
/// <param name="Centre">Subtracted from a numeric value (its mean when standardised, otherwise 0).</param>
/// <param name="Scale">Divides a numeric value after centring (its standard deviation when standardised, otherwise 1).</param>
public sealed record CovariateColumnEncoding(string Column, string? ReferenceLevel, IReadOnlyList<string> Levels, double Centre, double Scale)
{
    /// <summary>Whether the column is categorical.</summary>
    public bool IsCategorical => ReferenceLevel is not null;

    /// <summary>The names of the numbers this column becomes: the column's name, or <c>Column[level]</c> per dummy.</summary>
    public IEnumerable<string> EncodedNames => IsCategorical ? Levels.Select(l => $"{Column}[{l}]") : [Column];
}

/// <summary>Choices for <see cref="CovariateEncoding.Learn"/>.</summary>
public sealed record CovariateEncodingOptions
{
    /// <summary>Centre and scale numeric columns to mean 0 and standard deviation 1 over the table's customers (dummies are never scaled).</summary>
    public bool Standardize { get; init; }

    /// <summary>Reference level per categorical column; a column not named takes its first level in ordinal order.</summary>
    public IReadOnlyDictionary<string, string>? ReferenceLevels { get; init; }

    /// <summary>Columns to treat as categorical even though every value is a number (for example a region code).</summary>
    public IReadOnlyCollection<string>? Categorical { get; init; }
}

/// <summary>
/// The map from a <see cref="CovariateTable"/> to the numbers z the models use, learnt once from the fitting data and
/// kept in the model file so that scoring encodes new customers the same way. A column whose every value is a number is
/// numeric; a column with no number is categorical and becomes one 0/1 dummy per level other than the reference level
/// (treatment coding); a column mixing both is an error, since a typo in a numeric column must not silently become a level.
/// </summary>
public sealed class CovariateEncoding
{
    private readonly CovariateColumnEncoding[] _columns;
    private readonly string[] _names;

    /// <summary>An encoding from its columns (as read back from a model file).</summary>
    /// <exception cref="ArgumentException">A column is invalid (no levels, a non-positive scale, repeated names).</exception>
    public CovariateEncoding(IReadOnlyList<CovariateColumnEncoding> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("At least one covariate column is needed.", nameof(columns));
        foreach (var c in columns)
        {
            if (c is null || string.IsNullOrWhiteSpace(c.Column)) throw new ArgumentException("A covariate column has no name.", nameof(columns));
            if (c.IsCategorical && c.Levels.Count == 0)
                throw new ArgumentException($"Categorical covariate '{c.Column}' has only its reference level '{c.ReferenceLevel}': it does not vary.", nameof(columns));
            if (!double.IsFinite(c.Centre) || !(c.Scale > 0) || !double.IsFinite(c.Scale))
                throw new ArgumentException($"Covariate '{c.Column}' has centre {c.Centre} and scale {c.Scale}; the scale must be finite and > 0.", nameof(columns));
        }
        _columns = columns.ToArray();
        _names = _columns.SelectMany(c => c.EncodedNames).ToArray();
        if (_names.Distinct(StringComparer.Ordinal).Count() != _names.Length)
            throw new ArgumentException($"Two encoded covariates share a name: {string.Join(", ", _names)}.", nameof(columns));
    }

    /// <summary>The columns, in the table's order.</summary>
    public IReadOnlyList<CovariateColumnEncoding> Columns => _columns;

    /// <summary>The names of the encoded numbers, in order (a numeric column's own name, <c>Column[level]</c> per dummy).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The encoded names that column <paramref name="column"/> of the table becomes.</summary>
    /// <exception cref="ArgumentException">The encoding has no such column.</exception>
    public IReadOnlyList<string> NamesOf(string column) =>
        _columns.FirstOrDefault(c => string.Equals(c.Column, column, StringComparison.Ordinal))?.EncodedNames.ToArray()
        ?? throw new ArgumentException($"No covariate column '{column}'; the columns are: {string.Join(", ", _columns.Select(c => c.Column))}.", nameof(column));

    /// <summary>Learns the encoding from <paramref name="table"/>.</summary>
    /// <exception cref="ClvDataException">A column mixes numbers and text, a numeric column is constant, or a reference level does not occur (the message names file, line, column, customer).</exception>
    public static CovariateEncoding Learn(CovariateTable table, CovariateEncodingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new CovariateEncodingOptions();
        var columns = new CovariateColumnEncoding[table.Columns.Count];
        for (int k = 0; k < columns.Length; k++)
        {
            string name = table.Columns[k];
            bool forced = options.Categorical?.Contains(name) == true;
            int firstNumber = -1, firstText = -1;
            for (int i = 0; i < table.Count && (firstNumber < 0 || firstText < 0); i++)
            {
                if (TryNumber(table.Value(i, k), out _)) { if (firstNumber < 0) firstNumber = i; }
                else if (firstText < 0) firstText = i;
            }
            if (forced || firstNumber < 0)
            {
                var levels = Enumerable.Range(0, table.Count).Select(i => table.Value(i, k)).Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal).ToList();
                string reference = levels[0];
                if (options.ReferenceLevels?.TryGetValue(name, out var chosen) == true)
                {
                    if (!levels.Contains(chosen, StringComparer.Ordinal))
                        throw new ClvDataException($"The reference level '{chosen}' does not occur; the levels are: {string.Join(", ", levels)}.", table.SourceName, null, name);
                    reference = chosen;
                }
                levels.Remove(reference);
                if (levels.Count == 0)
                    throw new ClvDataException($"Every customer has the level '{reference}': the covariate does not vary, so its effect is not identified.", table.SourceName, null, name);
                columns[k] = new CovariateColumnEncoding(name, reference, levels, 0, 1);
                continue;
            }
            if (firstText >= 0)
                throw new ClvDataException(
                    $"'{table.Value(firstText, k)}' is not a number, but line {table.LineOf(firstNumber)} has the number '{table.Value(firstNumber, k)}': a column is either numeric or categorical (name it categorical to treat numbers as levels).",
                    table.SourceName, table.LineOf(firstText), name, table.CustomerIds[firstText]);
            double sum = 0, sumSquares = 0;
            for (int i = 0; i < table.Count; i++)
            {
                TryNumber(table.Value(i, k), out double v);
                sum += v;
            }
            double mean = sum / table.Count;
            for (int i = 0; i < table.Count; i++)
            {
                TryNumber(table.Value(i, k), out double v);
                sumSquares += (v - mean) * (v - mean);
            }
            double sd = Math.Sqrt(sumSquares / table.Count);
            if (!(sd > 1e-12 * Math.Max(1, Math.Abs(mean))))
                throw new ClvDataException($"Every customer has the value {mean.ToString("G6", CultureInfo.InvariantCulture)}: the covariate does not vary, so its effect is not identified.", table.SourceName, null, name);
            columns[k] = options.Standardize ? new CovariateColumnEncoding(name, null, [], mean, sd) : new CovariateColumnEncoding(name, null, [], 0, 1);
        }
        return new CovariateEncoding(columns);
    }

    /// <summary>Encodes every customer of <paramref name="table"/>, which must have this encoding's columns.</summary>
    /// <exception cref="ClvDataException">A column is missing, a numeric value is not a number, or a level was not in the fitted data (file, line, column and customer named).</exception>
    public CovariateMatrix Encode(CovariateTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var source = new int[_columns.Length];
        for (int k = 0; k < _columns.Length; k++)
        {
            source[k] = Array.IndexOf(table.Columns.ToArray(), _columns[k].Column);
            if (source[k] < 0)
                throw new ClvDataException($"Column '{_columns[k].Column}' is missing; the columns are: {string.Join(", ", table.Columns)}.", table.SourceName, 1);
        }
        int width = _names.Length;
        var values = new double[table.Count * width];
        for (int i = 0; i < table.Count; i++)
        {
            int at = i * width;
            for (int k = 0; k < _columns.Length; k++)
            {
                var c = _columns[k];
                string text = table.Value(i, source[k]);
                if (c.IsCategorical)
                {
                    int level = IndexOf(c.Levels, text);
                    if (level < 0 && !string.Equals(text, c.ReferenceLevel, StringComparison.Ordinal))
                        throw new ClvDataException(
                            $"The level '{text}' was not among the fitted customers' levels ({c.ReferenceLevel}, {string.Join(", ", c.Levels)}).",
                            table.SourceName, table.LineOf(i), c.Column, table.CustomerIds[i]);
                    if (level >= 0) values[at + level] = 1;
                    at += c.Levels.Count;
                }
                else
                {
                    if (!TryNumber(text, out double v))
                        throw new ClvDataException($"'{text}' is not a number.", table.SourceName, table.LineOf(i), c.Column, table.CustomerIds[i]);
                    values[at++] = (v - c.Centre) / c.Scale;
                }
            }
        }
        return new CovariateMatrix(_names, table, values);
    }

    private static int IndexOf(IReadOnlyList<string> levels, string text)
    {
        for (int j = 0; j < levels.Count; j++)
            if (string.Equals(levels[j], text, StringComparison.Ordinal)) return j;
        return -1;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
