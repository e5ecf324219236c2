using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.TimeAccounting;
using BindingConformance.Tests.Runs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.TimeAccounting;

public sealed class TimeAccountTests
{
    private static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);

    [Fact]
    public async Task A_metered_binding_books_each_call_to_its_use_and_changes_nothing_it_returns()
    {
        var ledger = new ComputeLedger();
        var inner = new ScriptedOracle(Port, new OracleCapabilities(true, [ModelZoo.LeNet1], [], []))
        {
            // Each call holds for at least 30 ms, so each use's total is at least that much whatever else runs.
            Train = request => { Thread.Sleep(30); return ScriptedOracle.Learned(request, 0.95); },
            Evaluate = _ => { Thread.Sleep(30); return ScriptedOracle.Evaluation([95]); },
        };
        var metered = MeteredOracle.Around(inner, ledger);
        var request = new TrainRequest(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "/nonexistent", 10, 10), 1, new TrainingSettings(1, 5),
            Device.Cpu, BatchOrder.Create(1, 10, 1), []);

        var trained = await metered.TrainAsync(request);
        await metered.EvaluateAsync(new EvaluateRequest(request.Model, request.Data, ModelFormat.Safetensors, "/nonexistent/model.safetensors", Device.Cpu));
        metered.Probe();

        trained.FinalTestAccuracy.Should().Be(0.95);
        ledger.Of(Port.Id, ComputeUse.Training).Should().BeGreaterThanOrEqualTo(0.03);
        ledger.Of(Port.Id, ComputeUse.Evaluation).Should().BeGreaterThanOrEqualTo(0.03);
        ledger.Of(Port.Id, ComputeUse.Probes).Should().Be(0, "no hazard probe ran");
        ledger.Of("another-binding", ComputeUse.Training).Should().Be(0);
    }

    [Fact]
    public void The_harness_share_is_the_wall_time_the_bindings_did_not_spend_and_shards_add_up()
    {
        static BindingCompute Compute(string binding, double training, double evaluation) => new(binding, new Dictionary<ComputeUse, double>
        {
            [ComputeUse.Startup] = 1, [ComputeUse.Training] = training, [ComputeUse.Evaluation] = evaluation, [ComputeUse.Probes] = 0,
        });
        var first = new TimeAccount(100, [Compute("tfjs", 60, 10), Compute("torchsharp", 5, 2)]);
        var second = new TimeAccount(50, [Compute("torchsharp", 20, 4)]);

        first.BindingSeconds.Should().Be(79, "1 + 60 + 10 and 1 + 5 + 2");
        first.HarnessSeconds.Should().Be(21);
        first.HarnessShare.Should().Be(0.21);
        var sum = TimeAccount.Sum([first, second]);
        sum.WallSeconds.Should().Be(150);
        sum.Bindings.Single(b => b.Binding == "torchsharp").Seconds[ComputeUse.Training].Should().Be(25);
        sum.HarnessSeconds.Should().Be(150 - 79 - 25, "the second shard's torchsharp spent 1 + 20 + 4");
        new TimeAccount(10, [Compute("tfjs", 20, 0)]).HarnessSeconds.Should().Be(0, "never negative");
        TimeAccount.FromJson(first.ToJson()).Should().BeEquivalentTo(first);
    }
}
