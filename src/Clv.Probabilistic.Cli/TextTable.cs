using System.Globalization;
using System.Runtime.CompilerServices;
using Spectre.Console;

namespace Clv.Probabilistic.Cli;

/// <summary>
/// A table of text cells printed to standard output: drawn with Spectre.Console on a terminal, as plain aligned columns
/// (no colour, no box characters) when standard output is redirected.
/// </summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <summary>Creates a table; columns after the first are right-aligned (numbers).</summary>
    public TextTable(params string[] headers)
    {
        _headers = headers;
        _rightAligned = headers.Select((_, i) => i > 0).ToArray();
    }

    /// <summary>Adds a row of cells.</summary>
    public TextTable Add(params string[] cells)
    {
        if (cells.Length != _headers.Length) throw new InvalidOperationException($"A row has {cells.Length} cells for {_headers.Length} columns.");
        _rows.Add(cells);
        return this;
    }

    /// <summary>Formats a number with <paramref name="format"/> in the invariant culture.</summary>
    public static string Number(double value, string format = "G6") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Prints the table to <see cref="Console.Out"/>.</summary>
    public void Write()
    {
        if (Console.IsOutputRedirected)
        {
            WritePlain(Console.Out);
            return;
        }
        WriteDrawn();
    }

    /// <summary>Draws the table with Spectre.Console, kept out of <see cref="Write"/> so that redirected output never loads it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteDrawn()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        var table = new Table().Border(TableBorder.Rounded);
        for (int c = 0; c < _headers.Length; c++)
        {
            var column = new TableColumn(Markup.Escape(_headers[c]));
            table.AddColumn(_rightAligned[c] ? column.RightAligned() : column);
        }
        foreach (var row in _rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        console.Write(table);
    }

    /// <summary>Writes the table as plain text, as <see cref="Write"/> does to redirected output.</summary>
    internal void WritePlain(TextWriter writer)
    {
        var widths = new int[_headers.Length];
        foreach (var row in _rows.Prepend(_headers))
            for (int c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        foreach (var row in _rows.Prepend(_headers))
        {
            var cells = row.Select((cell, c) => _rightAligned[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            writer.WriteLine("  " + string.Join("  ", cells).TrimEnd());
        }
    }
}
