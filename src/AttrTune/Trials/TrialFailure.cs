using System;

namespace AttrTune;

/// <summary>
/// The exception that failed a trial, kept in storage field by field so tools can show the type in a table and the
/// stack trace on the trial's page. <see cref="FrozenTrial.FailReason"/> keeps the whole text as well.
/// </summary>
/// <param name="ExceptionType">The exception's full type name, e.g. <c>System.InvalidOperationException</c>.</param>
/// <param name="Message">Its message.</param>
/// <param name="StackTrace">
/// Its stack trace, with those of inner exceptions (<see cref="Exception.ToString"/> after the first line); empty
/// for an exception that was never thrown.
/// </param>
public sealed record TrialFailure(string ExceptionType, string Message, string StackTrace)
{
    /// <summary>
    /// Reads <paramref name="exception"/> without ever throwing: a user's exception may throw from its own
    /// <see cref="Exception.Message"/> or <see cref="Exception.ToString"/>, and the trial must still be failed.
    /// </summary>
    public static TrialFailure FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string type = exception.GetType().FullName ?? exception.GetType().Name;
        string message;
        try
        {
            message = exception.Message;
        }
        catch (Exception reading)
        {
            message = $"(its message could not be read: {reading.GetType().FullName})";
        }

        string text = FailureText.Describe(exception);
        string headline = $"{type}: {message}";
        string stack = text.StartsWith(headline, StringComparison.Ordinal) ? text[headline.Length..].TrimStart('\r', '\n') : text;
        return new TrialFailure(type, message, stack);
    }

    /// <summary>"Type: message", one line, for tables and logs.</summary>
    public string Headline
    {
        get
        {
            int end = Message.AsSpan().IndexOfAny('\r', '\n');
            return $"{ExceptionType}: {(end < 0 ? Message : Message[..end])}";
        }
    }
}
