using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace AttrTune.Cli;

/// <summary>The standard help, followed by the storage URL forms and the exit codes, which scripts rely on.</summary>
internal sealed class ExitCodeHelpProvider : HelpProvider
{
    public ExitCodeHelpProvider(ICommandAppSettings settings)
        : base(settings)
    {
    }

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        var lines = new StringBuilder()
            .AppendLine()
            .AppendLine("STORAGE:")
            .AppendLine("    --storage <url>, default $ATTRTUNE_STORAGE")
            .AppendLine("    sqlite:///relative/file.db    sqlite:////absolute/file.db    or a plain file path")
            .AppendLine("    postgresql://user:password@host:port/database (the password is never shown)")
            .AppendLine()
            .AppendLine("EXIT CODES:");
        foreach ((int code, string meaning) in ExitCodes.All)
        {
            lines.AppendLine(CultureInfo.InvariantCulture, $"    {code,2}  {meaning}");
        }

        var footer = new List<IRenderable>(base.GetFooter(model, command)) { new Text(lines.ToString()) };
        return footer;
    }
}
