// Every FsCheck property in this assembly starts from one fixed seed, so a test run is reproducible on any machine
// and CI cannot fail by the luck of the draw. To explore new cases, change the seed locally (or set Replay on one
// property); any counterexample found that way becomes a fixed regression test.
[assembly: FsCheck.Xunit.Properties(Replay = "(20261124,1997)")]
