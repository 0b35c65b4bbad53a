using System;
using System.IO;

namespace AttrTune.TestSupport;

/// <summary>
/// The repository root and temporary-folder cleanup for test projects that run dotnet or read checked-in files.
/// Found from the test assembly's folder, not [CallerFilePath]: CI builds map source paths to /_/ for determinism.
/// Linked into each test project that needs it.
/// </summary>
internal static class TestFolders
{
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AttrTune.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AttrTune.sln not found above " + AppContext.BaseDirectory);
    }

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run over it.
        }
    }
}
