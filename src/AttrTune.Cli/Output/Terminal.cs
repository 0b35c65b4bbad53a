using System;
using Spectre.Console;

namespace AttrTune.Cli.Output;

/// <summary>The console the commands write to.</summary>
internal static class Terminal
{
    /// <summary>
    /// Standard output. Piped, it gets no colours and a fixed width (COLUMNS, else 200), so a table is never wrapped
    /// at a width no terminal chose and output compared by a script stays the same from one run to the next.
    /// </summary>
    public static IAnsiConsole Out { get; } = Create();

    /// <summary>Whether the tool can ask the user a question: both input and output are a terminal.</summary>
    public static bool CanAsk => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    private static IAnsiConsole Create()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 0 ? columns : 200;
        return console;
    }
}
