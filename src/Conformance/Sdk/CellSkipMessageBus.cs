using Xunit.Abstractions;
using Xunit.Sdk;

namespace BindingConformance.Sdk;

/// <summary>
/// xunit v2 has no dynamic skip: this bus turns a test that failed with <see cref="CellSkippedException"/> into a skipped
/// test with the exception's message as its reason (the approach of Xunit.SkippableFact), and counts how many it turned.
/// </summary>
internal sealed class CellSkipMessageBus(IMessageBus inner) : IMessageBus
{
    private static readonly string SkipType = typeof(CellSkippedException).FullName!;

    public int Skipped { get; private set; }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        if (message is ITestFailed failed && failed.ExceptionTypes.FirstOrDefault() == SkipType)
        {
            Skipped++;
            return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages[0]));
        }
        return inner.QueueMessage(message);
    }

    // The inner bus belongs to the caller, who disposes it.
    public void Dispose() { }
}
