import { NAME_SKELETON, nameProblem, nameSkeleton, normaliseName } from '../../appModel/accountNames';
import type { Model } from '../../appModel/AppModel';
import { userError } from '../../errors';
import type { StoreOperations } from '../../store/Store';

/**
 * A user's or role's new name as it will be stored (docs/api.md#user-and-role-names): NFKC-normalised, with
 * its skeleton. Refused with BAD_USER_INPUT naming the rule (`extensions.rule`) when it holds
 * an invisible or control character, starts or ends with a space, or looks like another
 * object's name (the same TR39 skeleton: one lookup on the skeleton's index); the very same
 * name is CONFLICT, as its unique index would answer. `selfId`: the object being renamed.
 */
export async function checkedName(
  store: Pick<StoreOperations, 'find'>,
  model: Model,
  field: string,
  given: string,
  selfId?: string,
): Promise<{ name: string; skeleton: string }> {
  const name = normaliseName(given);
  const problem = nameProblem(name);
  if (problem)
    throw userError('BAD_USER_INPUT', `${model.name}.${field} ${problem.reason}`, { rule: problem.rule, field });
  const skeleton = nameSkeleton(name);
  const alike = await store.find(model.collection, {
    filter: { [NAME_SKELETON]: { $eq: skeleton } },
    sort: [],
    limit: 2,
  });
  const other = alike.find((doc) => doc._id !== selfId);
  if (other?.[field] === name)
    throw userError('CONFLICT', `${model.name}: ${field} is already taken`, { fields: [field] });
  if (other)
    throw userError(
      'BAD_USER_INPUT',
      `${model.name}.${field} looks like an existing ${field} (the same Unicode TR39 confusable skeleton); choose another`,
      { rule: 'confusable', field },
    );
  return { name, skeleton };
}
