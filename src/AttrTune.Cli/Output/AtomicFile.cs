using System;
using System.IO;

namespace AttrTune.Cli.Output;

/// <summary>
/// Writes a file beside its target and moves it over the target when complete: a failed write never leaves half a
/// report or image under the name a user will open.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; returns the full path written.</summary>
    /// <exception cref="CliException">The file cannot be written (its folder is missing or not writable).</exception>
    public static string Write(string path, Action<Stream> write)
    {
        string target = Path.GetFullPath(path);
        string partial = target + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
            {
                write(stream);
            }

            File.Move(partial, target, overwrite: true);
            return target;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }

            throw new CliException(ExitCodes.Unexpected, $"Cannot write {target}: {failure.Message}", failure);
        }
    }

    /// <summary>A file size for messages: "840 KB", "5.3 MB".</summary>
    public static string Size(string path)
    {
        long bytes = new FileInfo(path).Length;
        return bytes < 1 << 20 ? $"{(bytes + 1023) / 1024} KB" : $"{bytes / (double)(1 << 20):0.0} MB";
    }
}
