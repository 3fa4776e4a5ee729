// Setup file of the jest project `unit-pg` (jest.config.js): the same test files as `unit`, on
// PostgreSQL. Each file has its own copy of process.env, so this reaches only the file it runs before.
process.env.DONDOC_TEST_DB = 'postgres';
