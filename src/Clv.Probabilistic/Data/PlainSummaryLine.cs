using System.Runtime.CompilerServices;

namespace Clv.Probabilistic.Data;

/// <summary>
/// Reads in one pass over its bytes a summary line of the form nearly every summary file has: unquoted fields without
/// blanks, numbers written as digits with at most one decimal point. Any other line is left to the general reading
/// (<see cref="DelimitedFields.Split"/>, <see cref="Utf8Number.TryParse"/>), so the values read and the errors reported
/// are exactly theirs: where this reader takes a line, they read the same numbers by the same arithmetic (Clinger's
/// fast path, see <see cref="Utf8Number"/>), and it declines every line they would read differently or refuse.
/// </summary>
internal sealed class PlainSummaryLine
{
    private const sbyte IdField = -1, OtherField = -2;

    /// <summary>What each field up to the last one read holds: the id, numeric column k, or nothing read.</summary>
    private readonly sbyte[] _fields;

    /// <summary>
    /// Numeric column whose value is only checked, not kept (see <see cref="SummaryRowParser.Parse"/>): a plain decimal
    /// with at most <see cref="RfmSummary.MonetaryValueDigits"/> digits before the point passes and reads as 0; −1 for none.
    /// </summary>
    private readonly int _checkedOnly;

    /// <summary>The reader of lines laid out as <paramref name="layout"/>.</summary>
    /// <param name="layout">The file's columns.</param>
    /// <param name="monetaryValueCheckedOnly">Whether the monetary value is only checked, not kept.</param>
    public PlainSummaryLine(SummaryLayout layout, bool monetaryValueCheckedOnly)
    {
        _fields = new sbyte[layout.FieldsNeeded];
        Array.Fill(_fields, OtherField);
        _fields[layout.Id] = IdField;
        for (int k = 0; k < layout.ColumnCount; k++)
            if (layout.Numeric[k] >= 0) _fields[layout.Numeric[k]] = (sbyte)k;
        _checkedOnly = monetaryValueCheckedOnly ? SummaryLayout.MonetaryValue : -1;
    }

    /// <summary>
    /// Reads the id and the numeric columns present in the file into <paramref name="values"/> (the others are left as
    /// they are); false, with <paramref name="values"/> partly written, when the line is not of the plain form.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(ReadOnlySpan<byte> line, Span<double> values, out ReadOnlySpan<byte> id)
    {
        id = default;
        var fields = _fields;
        int i = 0;
        for (int f = 0; f < fields.Length; f++)
        {
            if (f > 0)
            {
                if (i == line.Length) return false; // a missing field: the general reading says which
                i++; // past the comma
            }
            int role = fields[f];
            int start = i;
            if (role < 0)
            {
                while (i < line.Length && line[i] != (byte)',')
                {
                    if (line[i] == (byte)'"') return false;
                    i++;
                }
                if (role == IdField)
                {
                    if (i == start || IsBlank(line[start]) || IsBlank(line[i - 1])) return false;
                    id = line[start..i];
                }
                continue;
            }
            ulong mantissa = Utf8Number.ReadDigits(line, ref i, out int whole, out int scale, out bool exact);
            if (whole + scale == 0 || i < line.Length && line[i] != (byte)',') return false;
            if (role == _checkedOnly)
            {
                if (whole > RfmSummary.MonetaryValueDigits) return false;
                values[role] = 0;
                continue;
            }
            if (!exact || !Utf8Number.TryCompose(mantissa, scale, out values[role])) return false;
        }
        return true;
    }

    private static bool IsBlank(byte b) => b == (byte)' ' || b == (byte)'\t';
}
