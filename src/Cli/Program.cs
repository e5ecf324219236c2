using BindingConformance.Cli;
using BindingConformance.Cli.Commands;

ICommand[] commands =
[
    new DoctorCommand(),
    new RunCommand(),
    new ReportCommand(),
    new BadgeCommand(),
    new StatsCommand(),
    new ReplicateCommand(),
    new ApproveCommand(),
    new FixturesCommand(),
    new SensitivityCommand(),
    new CompareCommand(),
    new ReproCommand(),
    new ReproduceCommand(),
    new CheckWorkerCommand(),
    new MergeCommand(),
    new DiffCommand(),
];

return await CommandDispatcher.RunAsync(commands, args, NativeStdoutGuard.Divert(), Console.Error);
