using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AttrTune.Tests.Engine;

internal sealed record LogEvent(LogLevel Level, int Id, string Message, Exception? Exception);

internal sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => _events.ToList();

    public LogEvent Single(int id) => Assert.Single(Events, e => e.Id == id);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _events.Enqueue(new LogEvent(logLevel, eventId.Id, formatter(state, exception), exception));
}
