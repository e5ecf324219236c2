using System.Collections.Concurrent;
using System.Diagnostics;

namespace BindingConformance.TimeAccounting;

/// <summary>The wall time a run spent inside each binding's calls, by <see cref="ComputeUse"/>; thread-safe.</summary>
public sealed class ComputeLedger
{
    private readonly ConcurrentDictionary<(string Binding, ComputeUse Use), Totals> totals = new();

    /// <summary><paramref name="call"/>'s result, its wall time (success or failure) added to <paramref name="binding"/>'s <paramref name="use"/>.</summary>
    public async Task<T> TimeAsync<T>(string binding, ComputeUse use, Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return await call();
        }
        finally
        {
            Add(binding, use, clock.Elapsed.TotalSeconds);
        }
    }

    public T Time<T>(string binding, ComputeUse use, Func<T> call)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            return call();
        }
        finally
        {
            Add(binding, use, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Seconds and calls of <paramref name="binding"/>'s <paramref name="use"/> so far.</summary>
    public (double Seconds, int Calls) Of(string binding, ComputeUse use) =>
        totals.TryGetValue((binding, use), out var t) ? t.Read() : (0, 0);

    private void Add(string binding, ComputeUse use, double seconds) => totals.GetOrAdd((binding, use), _ => new Totals()).Add(seconds);

    private sealed class Totals
    {
        private readonly Lock gate = new();
        private double seconds;
        private int calls;

        public void Add(double value)
        {
            lock (gate)
            {
                seconds += value;
                calls++;
            }
        }

        public (double, int) Read()
        {
            lock (gate) return (seconds, calls);
        }
    }
}
