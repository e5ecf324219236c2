using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Sensitivity;
using FluentAssertions;
using Xunit;
using static BindingConformance.Tests.Sensitivity.ScriptedMatrix;

namespace BindingConformance.Tests.Sensitivity;

public sealed class TrainingMemoTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("training-memo-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_same_request_is_trained_once_and_its_files_and_folders_are_copied_where_the_next_run_asks()
    {
        var inner = new Runs.ScriptedOracle(Reference, new OracleCapabilities(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors, ModelFormat.TfjsLayers], []))
        {
            Train = request =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(request.Exports[0].Path)!);
                File.WriteAllText(request.Exports[0].Path, "weights");
                Directory.CreateDirectory(request.Exports[1].Path);
                File.WriteAllText(Path.Combine(request.Exports[1].Path, "model.json"), "{}");
                return Runs.ScriptedOracle.Learned(request, 0.95);
            },
        };
        using var memo = new TrainingMemo(Path.Combine(folder, "memo"));
        var oracle = new MemoizedTrainingOracle(inner, memo);
        var messages = new List<string>();
        oracle.Progress += (_, m) => messages.Add(m);

        await oracle.TrainAsync(Request(seed: 1, "first"));
        var second = await oracle.TrainAsync(Request(seed: 1, "second"));
        await oracle.TrainAsync(Request(seed: 2, "third"));

        inner.TrainRequests.Select(r => r.Seed).Should().Equal(1, 2);
        memo.Hits.Should().Be(1);
        second.Exports.Select(e => e.Path).Should().Equal(Path.Combine(folder, "second", "model.safetensors"), Path.Combine(folder, "second", "tfjs"));
        File.ReadAllText(Path.Combine(folder, "second", "model.safetensors")).Should().Be("weights");
        File.ReadAllText(Path.Combine(folder, "second", "tfjs", "model.json")).Should().Be("{}");
        messages.Should().ContainSingle().Which.Should().StartWith("training memoised");
    }

    private TrainRequest Request(int seed, string run) =>
        new(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "/nonexistent/data.safetensors", 10, 10), seed,
            new TrainingSettings(1, 5), Device.Cpu, BatchOrder.Create(seed, 10, 1),
            [new ModelExport(ModelFormat.Safetensors, Path.Combine(folder, run, "model.safetensors")), new ModelExport(ModelFormat.TfjsLayers, Path.Combine(folder, run, "tfjs"))]);
}
