using System;

namespace AttrTune;

/// <summary>How a user's exception is written into a failed trial: type, message and stack trace, never throwing.</summary>
internal static class FailureText
{
    /// <summary>The full text (<see cref="Exception.ToString"/>: type, message, inner exceptions, stack traces).</summary>
    public static string Describe(Exception exception)
    {
        try
        {
            return exception.ToString();
        }
        catch (Exception describing)
        {
            // A user's exception may throw from its own Message or ToString; the trial must still be failed, with
            // what can be said of it.
            return $"{exception.GetType().FullName} (its message could not be read: {describing.GetType().FullName})" + Environment.NewLine + SafeStackTrace(exception);
        }
    }

    /// <summary>"Type: message", for one-line summaries.</summary>
    public static string Headline(Exception exception)
    {
        try
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }
        catch (Exception)
        {
            return exception.GetType().Name;
        }
    }

    private static string SafeStackTrace(Exception exception)
    {
        try
        {
            return exception.StackTrace ?? string.Empty;
        }
        catch (Exception)
        {
            return string.Empty;
        }
    }
}
