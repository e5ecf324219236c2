using System.Text.RegularExpressions;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.SampleSuite;
using BindingConformance.Tests.Reports;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Extension;

/// <summary>
/// The two front ends over the one engine: every cell kind of <see cref="EngineTheories"/> run through xunit gets the
/// verdict the same cell gets in <c>conformance run</c> over the same registry and the smoke tier's default seeds.
/// </summary>
public sealed partial class EngineFrontEndTests : IDisposable
{
    private readonly InProcessXunit xunit = new(typeof(EngineRegistry).Assembly);
    private readonly string output = Directory.CreateTempSubdirectory("engine-front-ends-").FullName;

    public void Dispose()
    {
        xunit.Dispose();
        Directory.Delete(output, recursive: true);
    }

    [Fact]
    public void Every_cell_kind_is_a_theory_case_with_its_coordinates_and_traits()
    {
        var cases = xunit.Discover(nameof(EngineTheories));

        cases.Select(c => c.DisplayName).Should().Contain(
        [
            "Training(model: LeNet1, binding: drifting, device: cpu)",
            "TrainingTime(model: LeNet1, binding: port, device: cpu)",
            "OwnFile(model: LeNet1, binding: scaling, device: cpu)",
            "SimdBackend(model: LeNet1, binding: port, device: cpu, backend: simd)",
            "CrossLoad(model: LeNet1, binding: port, device: cpu, format: torchsharp)",
            "WeightTransfer(model: LeNet1, binding: js, device: cpu, format: safetensors)",
        ]);
        cases.Single(c => c.DisplayName == "CrossLoad(model: LeNet1, binding: scaling, device: cpu, format: safetensors)")
            .Traits["Format"].Should().Equal("safetensors");
    }

    [Fact]
    public async Task Each_cell_gets_the_same_verdict_through_xunit_and_through_conformance_run()
    {
        var outcomes = xunit.Run(xunit.Discover(nameof(EngineTheories)));
        var registry = new EngineRegistry();
        var plan = TierPolicy.Smoke.Plan([ModelZoo.LeNet1], [1, 2, 3, 4, 5], [Device.Cpu], output, registry.Oracles, new Progress<string>());
        var report = await new ConformanceRunner(registry, plan, new Progress<string>()).RunAsync(CancellationToken.None);
        ReportSchema.ShouldValidateFile(output);

        outcomes.Should().HaveCount(15, "3 training, 2 training-time, 3 own, 2 backend, 4 cross-load and 1 weight-transfer cells");
        foreach (var outcome in outcomes)
        {
            var cell = ReportCell(report, outcome.DisplayName);
            outcome.Result.Should().Be(cell.Outcome.ToString(), $"{outcome.DisplayName} is {cell.Name} in the report: {cell.Reason}");
            if (cell.Outcome == CellOutcome.Failed)
                foreach (var fact in cell.Checks.Where(c => !c.Passed).Select(c => c.Detail).Append(cell.Note).Append(cell.Blame?.Why).Append(cell.Repro.Run).OfType<string>())
                    outcome.Message.Should().Contain(fact, "the test names what the report names");
        }
        // Both front ends catch what the statistics alone would not: a 1 % drift of every step's loss and a loader that doubles logits.
        outcomes.Where(o => o.Result == "Failed").Select(o => o.DisplayName).Should().BeEquivalentTo(
            "Training(model: LeNet1, binding: drifting, device: cpu)",
            "OwnFile(model: LeNet1, binding: scaling, device: cpu)",
            "SimdBackend(model: LeNet1, binding: scaling, device: cpu, backend: simd)",
            "CrossLoad(model: LeNet1, binding: scaling, device: cpu, format: safetensors)",
            "CrossLoad(model: LeNet1, binding: scaling, device: cpu, format: torchsharp)");
        outcomes.Single(o => o.DisplayName.StartsWith("Training(model: LeNet1, binding: drifting")).Message
            .Should().Contain("exact-trajectory").And.Contain("Reproduce: dotnet test");
    }

    /// <summary>The report cell a theory case stands for: its kind from the method, its binding, device and format from its name.</summary>
    private static CellResult ReportCell(RunReport report, string displayName)
    {
        var match = CaseName().Match(displayName);
        var (method, binding, format) = (match.Groups["method"].Value, match.Groups["binding"].Value, match.Groups["format"].Value);
        var (kind, source, fileFormat, backend) = method switch
        {
            "Training" => ("training", null, null, null),
            "TrainingTime" => ("training-time", null, null, null),
            "OwnFile" => ("own", null, "safetensors", null),
            "SimdBackend" => ("backend", null, "safetensors", "simd"),
            "CrossLoad" => ("cross-load", "pytorch", format, null),
            "WeightTransfer" => ("weight-transfer", "pytorch", format, (string?)null),
            _ => throw new ArgumentException($"no cell kind for {method}"),
        };
        return report.Cells.Should().ContainSingle(c => c.Kind.Name == kind && c.Key.Binding == binding && c.Key.Source == source && c.Key.Format == fileFormat
                                                        && c.Key.Backend == backend && c.Key.Device == Device.Cpu,
            $"{displayName} has one report cell").Subject;
    }

    [GeneratedRegex(@"^(?<method>\w+)\(model: \w+, binding: (?<binding>[\w-]+), device: \w+(, format: (?<format>\w+))?(, backend: \w+)?\)$")]
    private static partial Regex CaseName();
}
