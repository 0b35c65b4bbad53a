using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace AttrTune;

/// <summary>
/// An optimisation run as an <c>await foreach</c> of its finished trials: the run's callback writes each trial to a
/// channel the caller reads. Leaving the loop early stops the run and waits for it, so no trial runs on after the loop;
/// an exception that ends the run is thrown from the loop.
/// </summary>
internal static class TrialStream
{
    /// <param name="run">Starts the run with a callback for each finished trial and the token that stops it.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static async IAsyncEnumerable<T> ReadAsync<T>(Func<Action<T>, CancellationToken, Task> run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var finished = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task running = Task.Run(() => run(trial => finished.Writer.TryWrite(trial), stop.Token), CancellationToken.None);
        _ = running.ContinueWith(static (_, writer) => ((ChannelWriter<T>)writer!).TryComplete(), finished.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        bool completed = false;
        try
        {
            await foreach (T trial in finished.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return trial;
            }

            completed = true;
        }
        finally
        {
            if (!completed)
            {
                // The caller left the loop: stop the study and wait, so no trial of it runs on after the loop.
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await running.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
        }

        await running.ConfigureAwait(false);
    }
}
