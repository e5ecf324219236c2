using System.Collections.Concurrent;
using System.Reflection;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BindingConformance.Tests.Extension;

/// <summary>
/// Drives xunit's own framework in this process the way a runner does: discovery through
/// <see cref="ITestFrameworkDiscoverer"/>, serialization round trips, execution through
/// <see cref="ITestFrameworkExecutor"/>, results read from the message sink.
/// </summary>
internal sealed class InProcessXunit : IDisposable
{
    private static readonly TimeSpan timeout = TimeSpan.FromMinutes(2);
    private readonly MessageCollector diagnostics = new();
    private readonly XunitTestFramework framework;
    private readonly ITestFrameworkDiscoverer discoverer;
    private readonly ITestFrameworkExecutor executor;

    public InProcessXunit(Assembly assembly)
    {
        framework = new XunitTestFramework(diagnostics);
        discoverer = framework.GetDiscoverer(Reflector.Wrap(assembly));
        executor = framework.GetExecutor(assembly.GetName());
    }

    /// <summary>Every test case of the assembly, named with the method only (as suites configure it in xunit.runner.json).</summary>
    public IReadOnlyList<ITestCase> Discover()
    {
        var options = new FrameworkOptions();
        options.SetValue("xunit.discovery.MethodDisplay", "Method");
        var sink = new MessageCollector();
        discoverer.Find(includeSourceInformation: false, sink, options);
        sink.WaitFor<IDiscoveryCompleteMessage>(timeout);
        ThrowOnDiagnosedExceptions();
        return [.. sink.Messages.OfType<ITestCaseDiscoveryMessage>().Select(m => m.TestCase)];
    }

    public IReadOnlyList<ITestCase> Discover(string className) =>
        [.. Discover().Where(c => c.TestMethod.TestClass.Class.Name.EndsWith("." + className, StringComparison.Ordinal))];

    /// <summary>A test case as a runner stores it between discovery and execution.</summary>
    public string Serialize(ITestCase testCase) => discoverer.Serialize(testCase);

    public ITestCase Deserialize(string serialized) => executor.Deserialize(serialized);

    public IReadOnlyList<CaseOutcome> Run(IEnumerable<ITestCase> testCases)
    {
        var sink = new MessageCollector();
        executor.RunTests(testCases, sink, new FrameworkOptions());
        sink.WaitFor<ITestAssemblyFinished>(timeout);
        ThrowOnDiagnosedExceptions();
        return [.. sink.Messages.Select(Outcome).OfType<CaseOutcome>()];
    }

    public void Dispose()
    {
        executor.Dispose();
        discoverer.Dispose();
        framework.Dispose();
    }

    /// <summary>xunit reports a discoverer that throws only as a diagnostic message; a test must not read that as "no cases".</summary>
    private void ThrowOnDiagnosedExceptions()
    {
        var exceptions = diagnostics.Messages.OfType<IDiagnosticMessage>().Where(m => m.Message.Contains("Exception", StringComparison.Ordinal)).ToArray();
        if (exceptions.Length > 0) throw new InvalidOperationException(string.Join("\n", exceptions.Select(m => m.Message)));
    }

    private static CaseOutcome? Outcome(IMessageSinkMessage message) => message switch
    {
        ITestPassed passed => new CaseOutcome(passed.Test.DisplayName, "Passed", ""),
        ITestFailed failed => new CaseOutcome(failed.Test.DisplayName, "Failed", string.Join("\n", failed.Messages)),
        ITestSkipped skipped => new CaseOutcome(skipped.Test.DisplayName, "Skipped", skipped.Reason),
        _ => null,
    };

    private sealed class MessageCollector : LongLivedMarshalByRefObject, IMessageSink
    {
        private readonly ConcurrentQueue<IMessageSinkMessage> messages = new();
        private readonly ManualResetEventSlim arrived = new();

        public IReadOnlyList<IMessageSinkMessage> Messages => [.. messages];

        public bool OnMessage(IMessageSinkMessage message)
        {
            messages.Enqueue(message);
            arrived.Set();
            return true;
        }

        public void WaitFor<TMessage>(TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (!messages.OfType<TMessage>().Any())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"xunit sent no {typeof(TMessage).Name} within {limit}");
                arrived.Wait(TimeSpan.FromMilliseconds(50));
                arrived.Reset();
            }
        }
    }
}
