using BindingConformance.Replication;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Replication;

/// <summary>Each binding's own file format, written here in miniature into a temporary study folder.</summary>
public sealed class StudyResultsReaderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("study-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void Reads_every_binding_format()
    {
        Write("pytorch/lenet1/py/time_cost_gpu_0.json", """{"training_time": 942.5, "total_time": 1789.4, "seed": 1}""");
        Write("pytorch/lenet1/py/training_errors_0.txt", "9.0e-01\n9.5e-01\n");
        Write("pytorch/lenet1/py/testing_errors_0.txt", "0.91\n0.98\n");
        Write("pytorch/lenet1/py/deploy_eval_cpu_states_scripted.json",
            """{"testset_same_acc": [[true, 0.9, 0.9], [false, 0.9, 0.8]], "trainset_same_acc": [[true, 1.0, 1.0]], "test_acc_stable": [true, false], "train_acc_stable": [true]}""");
        Write("pytorch/lenet1/dotnet/time_cost_CUDA_0.txt", "310.0\n88.0\n222.0\n287426343\n");
        Write("pytorch/lenet1/dotnet/deploy_eval_CPU_states.txt",
            "Test Eval Average Time:\n0.1\nTest Accuracy0 Same as Original:\nTrue, 0.98\nFalse, 0.97\nTest Accuracy Stable:\nTrue\n");
        Write("tensorflow/lenet1/ts/time_cost_0.txt", "Training Time:\n535.5\nTotal Time:\n1550.7\nSeed:\n1\n");
        Write("tensorflow/lenet1/ts/deploy_eval_cpu_serialization.txt",
            "Test average:\n3.5\nTest Set Same Acc:\ntrue\ntrue\nTest Set Accs:\n0.98\nTest Set Accs Stable:\nfalse\n");

        var results = StudyResultsReader.Read(root);

        results.Select(r => $"{r.Framework}/{r.Model}/{r.Binding}").Should().Equal("pytorch/lenet1/dotnet", "pytorch/lenet1/py", "tensorflow/lenet1/ts");
        var py = results[1];
        py.Runs.Should().ContainSingle().Which.Should().BeEquivalentTo(new SeedRun(0, 942.5, [0.9, 0.95], 0.98));
        py.Deployment.Should().Be(new DeploymentChecks(SameAsOriginal: 2, SameChecks: 3, Stable: 2, StableChecks: 3));
        results[0].Runs.Single().TrainingSeconds.Should().Be(222.0);
        results[0].Deployment.Should().Be(new DeploymentChecks(1, 2, 1, 1));
        results[2].Runs.Single().TrainingSeconds.Should().Be(535.5);
        results[2].Deployment.Should().Be(new DeploymentChecks(2, 2, 0, 1));
    }

    [Fact]
    public void Four_line_time_cost_whose_parts_do_not_add_up_is_rejected()
    {
        Write("pytorch/lenet1/rs/time_cost_0.txt", "300.0\n88.0\n222.0\n1\n");

        var act = () => StudyResultsReader.Read(root);

        act.Should().Throw<InvalidDataException>().WithMessage("*time_cost_0.txt: total 300 is not evaluation 88 + training 222");
    }

    [Fact]
    public void Non_numeric_accuracy_is_rejected_with_the_file_name()
    {
        Write("pytorch/lenet1/py/training_errors_0.txt", "0.9\nabc\n");

        var act = () => StudyResultsReader.Read(root);

        act.Should().Throw<InvalidDataException>().WithMessage("*training_errors_0.txt: 'abc' is not a finite number");
    }

    [Fact]
    public void Missing_folder_is_reported()
    {
        var act = () => StudyResultsReader.Read(Path.Combine(root, "absent"));

        act.Should().Throw<DirectoryNotFoundException>().WithMessage("*absent*does not exist");
    }
}
