using System.CommandLine;

namespace Clv.Probabilistic.Cli.Commands;

/// <summary><c>clv demo</c>: the whole pipeline on the embedded CDNOW data.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the whole pipeline on the embedded CDNOW sample.");
        command.SetAction(_ =>
        {
            Console.WriteLine("CDNOW demo: not yet wired.");
            return 0;
        });
        return command;
    }
}
