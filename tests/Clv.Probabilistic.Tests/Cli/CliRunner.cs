using Clv.Probabilistic.Cli;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>Runs the <c>clv</c> tool in-process, capturing standard output and error (restored afterwards).</summary>
internal static class CliRunner
{
    /// <summary>
    /// Runs the tool; <c>Error</c> holds the errors and warnings only: the status lines ("Wrote …"), which the tool writes
    /// on standard error too, are left out (see <see cref="RunWithStatus"/> for standard error as the process has it).
    /// </summary>
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var status = new StringWriter();
        CliErrors.StatusWriter = status;
        try
        {
            return RunWithStatus(null, args);
        }
        finally
        {
            CliErrors.StatusWriter = null;
            LastStatus = status.ToString();
        }
    }

    /// <summary>The status lines of the last <see cref="Run"/>.</summary>
    public static string LastStatus { get; private set; } = "";

    /// <summary>
    /// Runs the tool with <paramref name="standardInput"/> as its standard input (null: none); <c>Error</c> is standard
    /// error as the process writes it, status lines included.
    /// </summary>
    public static (int ExitCode, string Out, string Error) RunWithStatus(string? standardInput, params string[] args)
    {
        var (stdin, stdout, stderr) = (Console.In, Console.Out, Console.Error);
        var (outWriter, errorWriter) = (new StringWriter(), new StringWriter());
        Console.SetIn(new StringReader(standardInput ?? ""));
        Console.SetOut(outWriter);
        Console.SetError(errorWriter);
        try
        {
            int code = Program.Run(Program.BuildRoot(), args);
            return (code, outWriter.ToString(), errorWriter.ToString());
        }
        finally
        {
            Console.SetIn(stdin);
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
