using Clv.Probabilistic.Cli;

namespace Clv.Probabilistic.Tests.Cli;

/// <summary>Runs the <c>clv</c> tool in-process, capturing standard output and error (restored afterwards).</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var (outWriter, errorWriter) = (new StringWriter(), new StringWriter());
        Console.SetOut(outWriter);
        Console.SetError(errorWriter);
        try
        {
            int code = Program.Run(Program.BuildRoot(), args);
            return (code, outWriter.ToString(), errorWriter.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
