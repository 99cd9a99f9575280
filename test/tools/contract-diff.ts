import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  print,
  astFromValue,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

const kindOf = (type: GraphQLNamedType): string =>
  isObjectType(type)
    ? 'object'
    : isInterfaceType(type)
      ? 'interface'
      : isUnionType(type)
        ? 'union'
        : isEnumType(type)
          ? 'enum'
          : isInputObjectType(type)
            ? 'input'
            : isScalarType(type)
              ? 'scalar'
              : 'unknown';

const defaultOf = (arg: GraphQLArgument | GraphQLInputField): string => {
  if (arg.defaultValue === undefined) return '(none)';
  const ast = astFromValue(arg.defaultValue, arg.type);
  return ast ? print(ast) : '(none)';
};

function compareArguments(
  where: string,
  expected: readonly GraphQLArgument[],
  actual: readonly GraphQLArgument[],
  out: string[],
) {
  for (const arg of expected) {
    const found = actual.find((a) => a.name === arg.name);
    if (!found) out.push(`${where}: missing argument ${arg.name}`);
    else {
      if (String(found.type) !== String(arg.type))
        out.push(`${where}(${arg.name}): type ${found.type}, contract ${arg.type}`);
      if (defaultOf(found) !== defaultOf(arg))
        out.push(`${where}(${arg.name}): default ${defaultOf(found)}, contract ${defaultOf(arg)}`);
    }
  }
  for (const arg of actual) {
    if (
      !expected.some((a) => a.name === arg.name) &&
      arg.type.toString().endsWith('!') &&
      arg.defaultValue === undefined
    ) {
      out.push(`${where}: added required argument ${arg.name} without a default`);
    }
  }
}

/**
 * Differences that break the public contract: every type, field, argument (with type and default)
 * and enum value of `contract` must exist in `actual` with the same name and exact type. Additions are
 * allowed, except new required arguments without defaults.
 */
export function getContractViolations(contract: GraphQLSchema, actual: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(contract.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const other = actual.getType(type.name);
    if (!other) {
      out.push(`missing type ${type.name}`);
      continue;
    }
    if (kindOf(other) !== kindOf(type)) {
      out.push(`${type.name}: is ${kindOf(other)}, contract says ${kindOf(type)}`);
      continue;
    }
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(other) || isInterfaceType(other))) {
      const fields = other.getFields();
      for (const field of Object.values(type.getFields())) {
        const found = fields[field.name];
        if (!found) out.push(`missing field ${type.name}.${field.name}`);
        else {
          if (String(found.type) !== String(field.type))
            out.push(`${type.name}.${field.name}: type ${found.type}, contract ${field.type}`);
          compareArguments(`${type.name}.${field.name}`, field.args, found.args, out);
        }
      }
    }
    if (isInputObjectType(type) && isInputObjectType(other)) {
      const fields = other.getFields();
      for (const field of Object.values(type.getFields())) {
        const found = fields[field.name];
        if (!found) out.push(`missing input field ${type.name}.${field.name}`);
        else {
          if (String(found.type) !== String(field.type))
            out.push(`${type.name}.${field.name}: type ${found.type}, contract ${field.type}`);
          if (defaultOf(found) !== defaultOf(field))
            out.push(`${type.name}.${field.name}: default ${defaultOf(found)}, contract ${defaultOf(field)}`);
        }
      }
      for (const field of Object.values(fields)) {
        if (!type.getFields()[field.name] && String(field.type).endsWith('!') && field.defaultValue === undefined) {
          out.push(`${type.name}: added required input field ${field.name} without a default`);
        }
      }
    }
    if (isEnumType(type) && isEnumType(other)) {
      for (const value of type.getValues()) {
        if (!other.getValue(value.name)) out.push(`missing enum value ${type.name}.${value.name}`);
      }
    }
  }
  for (const root of ['Query', 'Mutation', 'Subscription'] as const) {
    const expected =
      root === 'Query'
        ? contract.getQueryType()
        : root === 'Mutation'
          ? contract.getMutationType()
          : contract.getSubscriptionType();
    const found =
      root === 'Query'
        ? actual.getQueryType()
        : root === 'Mutation'
          ? actual.getMutationType()
          : actual.getSubscriptionType();
    if (expected && found?.name !== expected.name)
      out.push(`schema ${root.toLowerCase()} root is ${found?.name ?? 'missing'}, contract ${expected.name}`);
  }
  return out;
}
