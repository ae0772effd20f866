import { FlowError } from '@flowops/core';
import type { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { connectOrExplain } from '@flowops/runtime';
import { FLOWOPS_SEARCH_ATTRIBUTES } from '../../src/search-attributes';
import { TEST_NAMESPACES, testTemporalAddress } from '../../src/vitest';

// temporal.api.enums.v1.IndexedValueType
const INDEXED_VALUE_TYPE = { Keyword: 2, Bool: 5 } as const;

describe('the integration dev server', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await connectOrExplain(testTemporalAddress());
  });
  afterAll(async () => {
    await connection?.close();
  });

  test('its address is provided to tests, by inject and by the environment', () => {
    expect(inject('temporalAddress')).toMatch(/^[\w.-]+:\d+$/);
    expect(process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS).toBe(inject('temporalAddress'));
  });

  test('answers GetSystemInfo', async () => {
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.capabilities).toBeTruthy();
  });

  test.each(TEST_NAMESPACES)('has the namespace %s', async (namespace) => {
    const described = await connection.workflowService.describeNamespace({ namespace });
    expect(described.namespaceInfo?.name).toBe(namespace);
  });

  test.each(TEST_NAMESPACES)('registers the flowops search attributes in %s', async (namespace) => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    for (const [name, type] of Object.entries(FLOWOPS_SEARCH_ATTRIBUTES)) {
      expect(customAttributes?.[name], name).toBe(INDEXED_VALUE_TYPE[type]);
    }
  });

  test('connectOrExplain rejects a namespace that does not exist, with a hint', async () => {
    const error = await connectOrExplain(testTemporalAddress(), { namespace: 'no-such-namespace' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect((error as FlowError).message).toMatch(/no usable namespace "no-such-namespace".*To fix: create it.*\[FLOW_TEMPORAL_UNREACHABLE\]$/s);
  });
});
